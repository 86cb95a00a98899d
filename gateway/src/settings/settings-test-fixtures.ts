import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** For specs only: the contract's example file and throwaway settings folders. */

/** shared/ sits beside the repository (locally and in CI). */
export const CONTRACT_EXAMPLE_PATH = fileURLToPath(
  new URL('../../../../shared/contract/customer-settings.example.json', import.meta.url),
);
export const TEMPLATE_PATH = fileURLToPath(new URL('../../../customer-integration-settings/template.json', import.meta.url));

type Json = Record<string, unknown>;

/** A fresh copy of the contract example (lakeside-isd, district 1001), with overrides merged per section. */
export function exampleSettingsFile(overrides: { [key: string]: unknown } = {}): Json {
  const example = JSON.parse(readFileSync(CONTRACT_EXAMPLE_PATH, 'utf8')) as Json;
  for (const [key, value] of Object.entries(overrides)) {
    const current = example[key];
    example[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  return example;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A temporary settings folder holding `files` (objects are written as JSON, strings as is). */
export async function settingsFolder(
  files: Record<string, Json | string>,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'customer-settings-'));
  await writeSettingsFiles(dir, files);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeSettingsFiles(dir: string, files: Record<string, Json | string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}
