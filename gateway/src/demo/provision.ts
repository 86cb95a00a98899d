import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlClient } from '../db/sql-client';
import { loadBookmarkedSchema, type SchemaClient } from '../seed/bookmarked-schema';
import type { DemoDistrictSpec } from '../seed/demo-districts';
import type { GeneratedDistrict } from '../seed/district-model';
import { generateDistrict } from '../seed/generate-district';
import { seedBookmarked } from '../seed/seed-bookmarked';
import { writeOneRosterBundle } from '../seed/write-oneroster-bundle';
import { blankSettingsFile } from '../settings/blank-settings-file';

/** A district to generate, with how its SIS data reaches the tool. */
export type DistrictSpec = DemoDistrictSpec;

export interface ProvisionedDistrict {
  spec: DistrictSpec;
  generated: GeneratedDistrict;
  /** The bundle the settings point at (null for `source: 'none'`). */
  bundlePath: string | null;
  settingsFile: string | null;
}

/**
 * Generates districts and installs them everywhere the gateway looks: rows in each
 * Bookmarked database, OneRoster bundles on disk, and one settings file per customer. The
 * demo, the tests and the benchmarks all start from here.
 */
export async function provisionDistricts(options: {
  specs: readonly DistrictSpec[];
  /** Every Bookmarked database to load (staging and production in the demo). */
  bookmarked: readonly SchemaClient[];
  bundlesDir: string;
  settingsDir: string;
  /** Load the Bookmarked schema first (a fresh, empty database). */
  createSchema?: boolean;
}): Promise<ProvisionedDistrict[]> {
  await mkdir(options.settingsDir, { recursive: true });
  if (options.createSchema !== false) {
    for (const client of options.bookmarked) await loadBookmarkedSchema(client);
  }
  const provisioned: ProvisionedDistrict[] = [];
  for (const spec of options.specs) {
    const generated = generateDistrict(spec);
    for (const client of options.bookmarked) await seedBookmarked({ client: client as SqlClient, district: generated });
    if (spec.source === 'none') {
      provisioned.push({ spec, generated, bundlePath: null, settingsFile: null });
      continue;
    }
    const bundleDir = path.join(options.bundlesDir, spec.customerId);
    await rm(bundleDir, { recursive: true, force: true });
    const bundle = await writeOneRosterBundle({ district: generated, dir: bundleDir, zip: spec.source === 'csv-zip' });
    const settingsFile = path.join(options.settingsDir, `${spec.customerId}.json`);
    await writeFile(settingsFile, `${JSON.stringify(settingsFileFor(spec, bundle.path), null, 2)}\n`);
    provisioned.push({ spec, generated, bundlePath: bundle.path, settingsFile });
  }
  return provisioned;
}

/** A settings file in the contract's format (customer-settings.example.json). */
export function settingsFileFor(spec: DistrictSpec, bundlePath: string) {
  const blank = blankSettingsFile();
  return {
    ...blank,
    customer_id: spec.customerId,
    customer_name: spec.customerName,
    district_name: spec.name,
    oneroster: { ...blank.oneroster, version: spec.oneRosterVersion, csv_path: bundlePath },
    ftp: { ...blank.ftp, path: '/' },
    oneshelf_environment: spec.environment,
    bookmarked_org_id: String(spec.districtId),
    notes: `Generated demo district (seed ${spec.seed}, ${spec.students} students, faults: ${typeof spec.faults === 'string' ? spec.faults : 'random'}).`,
  };
}
