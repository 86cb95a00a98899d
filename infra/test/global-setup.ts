import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One output folder for every synthesis of the run (example-app.ts), removed at the end. */
export function setup() {
  process.env.CDT_INFRA_TEST_OUTDIR = mkdtempSync(join(tmpdir(), 'cdt-infra-test-'));
}

export function teardown() {
  const outdir = process.env.CDT_INFRA_TEST_OUTDIR;
  if (outdir) rmSync(outdir, { recursive: true, force: true });
}
