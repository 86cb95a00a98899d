import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SettingsError } from '../errors';
import { type CustomerSettings, type CustomerSettingsFields, toSettingsFile } from './customer-settings-schema';
import {
  isCustomerSettingsFileName,
  parseCustomerSettingsFile,
  readSettingsFile,
  TEMPLATE_FILE_NAME,
} from './load-customer-settings';

/** What the settings screen sends: loaded settings, edited, or new ones. */
export type SettingsToSave = Omit<CustomerSettingsFields, 'customerId'> & {
  customerId: string;
  /** Where the settings were loaded from; its file name is reused unless `fileName` says otherwise. */
  filePath?: string;
};

export type SaveCustomerSettingsResult = { ok: true; settings: CustomerSettings } | { ok: false; problems: SettingsError[] };

const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;

/**
 * Validates and writes one customer's settings file. Validation is the loader's, on the exact
 * text to be written, so what is saved always loads; on top of it, the customer_id and
 * bookmarked_org_id must not be claimed by another file. Invalid settings come back as
 * problems (nothing written). The write is atomic (a temp file renamed over the old one) and
 * the previous version is kept as `<file>.bak`. A secret field must hold a reference or be
 * empty: a plain secret is refused with a problem naming the field.
 */
export async function saveCustomerSettings(options: {
  dir: string;
  settings: SettingsToSave;
  /** Defaults to the file the settings came from, else `<customer_id>.json`. */
  fileName?: string;
}): Promise<SaveCustomerSettingsResult> {
  const dir = resolve(options.dir);
  const { settings } = options;
  const fileName = options.fileName ?? (settings.filePath ? basename(settings.filePath) : `${settings.customerId}.json`);
  if (!SAFE_FILE_NAME.test(fileName) || !isCustomerSettingsFileName(fileName)) {
    const why =
      fileName === TEMPLATE_FILE_NAME
        ? 'template.json is the template, not a customer'
        : 'expected a plain file name ending in .json (letters, digits, ".", "_", "-")';
    return { ok: false, problems: [new SettingsError({ file: fileName, message: `cannot be saved: ${why}` })] };
  }

  const target = join(dir, fileName);
  const text = `${JSON.stringify(toSettingsFile(settings), null, 2)}\n`;
  const parsed = parseCustomerSettingsFile({ filePath: target, text });
  if (!parsed.ok) return parsed;

  const conflicts = await idConflicts({ dir, saving: parsed.settings });
  if (conflicts.length > 0) return { ok: false, problems: conflicts };

  await mkdir(dir, { recursive: true });
  await writeAtomically({ target, text });
  return { ok: true, settings: parsed.settings };
}

/** Other files that claim the same customer_id or bookmarked_org_id. */
async function idConflicts(options: { dir: string; saving: CustomerSettings }): Promise<SettingsError[]> {
  const { saving } = options;
  const fileName = basename(saving.filePath);
  let others: string[];
  try {
    others = (await readdir(options.dir)).filter((name) => isCustomerSettingsFileName(name) && name !== fileName).sort();
  } catch {
    return []; // no folder yet: nothing to conflict with
  }
  const problems: SettingsError[] = [];
  for (const other of others) {
    const read = await readSettingsFile(join(options.dir, other));
    if (!read.ok) continue; // a broken file claims nothing
    if (read.settings.customerId === saving.customerId) {
      problems.push(
        new SettingsError({
          file: fileName,
          field: 'customer_id',
          message: `"${saving.customerId}" is already the customer_id of ${other}`,
        }),
      );
    }
    if (saving.bookmarkedOrgId !== null && read.settings.bookmarkedOrgId === saving.bookmarkedOrgId) {
      problems.push(
        new SettingsError({
          file: fileName,
          field: 'bookmarked_org_id',
          message: `"${saving.bookmarkedOrgId}" is already the bookmarked_org_id of ${other}`,
        }),
      );
    }
  }
  return problems;
}

// Readers see the old file or the new one, never half of one: the text goes to a temp file in
// the same folder (same file system, so rename is atomic), is flushed, and renamed over.
async function writeAtomically(options: { target: string; text: string }): Promise<void> {
  const { target } = options;
  // Not `*.json`, so a reader listing the folder meanwhile never takes it for a customer.
  const temp = join(resolve(target, '..'), `.${basename(target)}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(options.text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await copyFile(target, `${target}.bak`).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // first save: nothing to keep
    });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
