import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
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
  /** Validate only: every check runs, nothing is written. */
  dryRun?: boolean;
}): Promise<SaveCustomerSettingsResult> {
  const dir = resolve(options.dir);
  const prepared = await prepareSave({ dir, settings: options.settings, fileName: options.fileName });
  if (!prepared.ok) return prepared;
  if (options.dryRun) return { ok: true, settings: prepared.settings };
  await mkdir(dir, { recursive: true });
  await writeAtomically({ target: prepared.target, text: prepared.text });
  return { ok: true, settings: prepared.settings };
}

export type SaveManyCustomerSettingsResult =
  | { ok: true; settings: CustomerSettings[] }
  | { ok: false; problems: SettingsError[] };

/**
 * Saves several customers' settings, all or nothing: every file is validated (the loader's
 * checks, id conflicts with the folder and within the batch) before the first is written, and
 * a write that fails puts back the files already written.
 */
export async function saveManyCustomerSettings(options: {
  dir: string;
  items: readonly { settings: SettingsToSave; fileName?: string }[];
  dryRun?: boolean;
}): Promise<SaveManyCustomerSettingsResult> {
  const dir = resolve(options.dir);
  const prepared: PreparedSave[] = [];
  const problems: SettingsError[] = [];
  for (const item of options.items) {
    const result = await prepareSave({ dir, settings: item.settings, fileName: item.fileName });
    if (result.ok) prepared.push(result);
    else problems.push(...result.problems);
  }
  problems.push(...batchConflicts(prepared));
  if (problems.length > 0) return { ok: false, problems };
  const settings = prepared.map((item) => item.settings);
  if (options.dryRun) return { ok: true, settings };

  await mkdir(dir, { recursive: true });
  const written: { target: string; previous: string | null }[] = [];
  try {
    for (const item of prepared) {
      const previous = await readFile(item.target, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      await writeAtomically({ target: item.target, text: item.text });
      written.push({ target: item.target, previous });
    }
  } catch (error) {
    // Undo in reverse order; a file that did not exist before is removed again.
    for (const done of written.reverse()) {
      if (done.previous === null) await rm(done.target, { force: true }).catch(() => {});
      else await writeAtomically({ target: done.target, text: done.previous }).catch(() => {});
    }
    throw error;
  }
  return { ok: true, settings };
}

interface PreparedSave {
  ok: true;
  target: string;
  text: string;
  settings: CustomerSettings;
}

/** The checks of a save, and the exact text it would write. */
async function prepareSave(options: {
  dir: string;
  settings: SettingsToSave;
  fileName?: string;
}): Promise<PreparedSave | { ok: false; problems: SettingsError[] }> {
  const { dir, settings } = options;
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
  return { ok: true, target, text, settings: parsed.settings };
}

/** Two files of one batch with the same file name, customer_id or bookmarked_org_id. */
function batchConflicts(prepared: readonly PreparedSave[]): SettingsError[] {
  const problems: SettingsError[] = [];
  const seen = {
    file: new Map<string, string>(),
    customer_id: new Map<string, string>(),
    bookmarked_org_id: new Map<string, string>(),
  };
  for (const item of prepared) {
    const fileName = basename(item.target);
    const claims: [keyof typeof seen, string | null][] = [
      ['file', fileName],
      ['customer_id', item.settings.customerId],
      ['bookmarked_org_id', item.settings.bookmarkedOrgId],
    ];
    for (const [field, value] of claims) {
      if (value === null) continue;
      const first = seen[field].get(value);
      if (first === undefined) {
        seen[field].set(value, fileName);
        continue;
      }
      problems.push(
        new SettingsError({
          file: fileName,
          field: field === 'file' ? undefined : field,
          message:
            field === 'file'
              ? 'is in the import twice; each file may appear once'
              : `"${value}" is also the ${field} of ${first} in this import; each customer needs its own`,
        }),
      );
    }
  }
  return problems;
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
