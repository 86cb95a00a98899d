import { basename, join } from 'node:path';
import { isSecretReference } from '../connectors/secrets/secret-reference';
import type { GatewayContext } from '../context';
import type { SettingsError } from '../errors';
import { recordAudit } from '../security/audit-log';
import { type CustomerSettings, toSettingsFile } from '../settings/customer-settings-schema';
import { parseCustomerSettingsFile } from '../settings/load-customer-settings';
import type { SettingsToSave } from '../settings/save-customer-settings';
import { resolveSourcePlan, type SourceKind } from '../settings/source-plan';

/**
 * Customer settings for the settings screens and scripts: list, read, validate, save and
 * import the files of the settings folder. Validation is the loader's (the same zod schema the
 * gateway reads the files with); writing is the settings directory's (atomic, `.bak` kept).
 * Secret fields only ever hold references (`env:`, `aws-sm:`), which the schema enforces.
 */

/** One thing wrong with a settings file: the file, the dotted field when known, and what is wrong. */
export interface SettingsProblem {
  file: string;
  field: string | null;
  message: string;
}

export interface SaveOutcome {
  ok: boolean;
  problems: SettingsProblem[];
  settings: CustomerSettings | null;
}

export interface ImportOutcome {
  ok: boolean;
  problems: SettingsProblem[];
  saved: CustomerSettings[];
}

/** Shown instead of a value that looks like a secret in a field the schema does not know. */
export const REDACTED_VALUE = '[redacted: not a secret reference]';
// Names of fields beyond the contract that may hold a secret; their plain values never leave the gateway.
const SECRET_LIKE_KEY = /secret|password|passwd|token|api_?key|credential|private/i;
/** Imports are a handful of files; this many is a mistake, not a district. */
export const MAX_IMPORT_FILES = 500;

export function toProblem(error: SettingsError): SettingsProblem {
  const file = String(error.details.file ?? '');
  const field = typeof error.details.field === 'string' ? error.details.field : null;
  // SettingsError's message starts with "file (field): "; the problem carries those apart.
  const prefix = `${file}${field ? ` (${field})` : ''}: `;
  return { file, field, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}

export const settingsFileName = (settings: CustomerSettings) => basename(settings.filePath);

export const sourceKindOf = (settings: CustomerSettings): SourceKind => resolveSourcePlan(settings).kind;

/**
 * The file as written (the contract's snake_case format). Known secret fields are references
 * by validation; a field beyond the contract whose name suggests a secret shows REDACTED_VALUE
 * unless it holds a reference, and a save sending REDACTED_VALUE back keeps the stored value.
 */
export function settingsFileOf(settings: CustomerSettings): Record<string, unknown> {
  return toSettingsFile({
    ...settings,
    unknownFields: redactSecrets(settings.unknownFields),
    classlink: { ...settings.classlink, unknownFields: redactSecrets(settings.classlink.unknownFields) },
    oneroster: { ...settings.oneroster, unknownFields: redactSecrets(settings.oneroster.unknownFields) },
    ftp: { ...settings.ftp, unknownFields: redactSecrets(settings.ftp.unknownFields) },
  });
}

function redactSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, redactValue(key, value)]));
}

function redactValue(key: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => redactValue(key, item));
  if (isPlainObject(value)) return redactSecrets(value);
  if (!SECRET_LIKE_KEY.test(key) || value === null || value === '' || typeof value === 'boolean') return value;
  return typeof value === 'string' && isSecretReference(value.trim()) ? value : REDACTED_VALUE;
}

/** `incoming` with every REDACTED_VALUE replaced by the value at the same place in `stored`. */
function restoreRedacted(incoming: unknown, stored: unknown): unknown {
  if (incoming === REDACTED_VALUE) return stored;
  if (isPlainObject(incoming)) {
    const from = isPlainObject(stored) ? stored : {};
    return Object.fromEntries(Object.entries(incoming).map(([key, value]) => [key, restoreRedacted(value, from[key])]));
  }
  if (Array.isArray(incoming))
    return incoming.map((item, index) => restoreRedacted(item, Array.isArray(stored) ? stored[index] : undefined));
  return incoming;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function listCustomerSettings(context: GatewayContext): Promise<CustomerSettings[]> {
  const customers = await context.services.settings.all();
  return customers.sort((a, b) => a.customerId.localeCompare(b.customerId));
}

export function customerSettings(context: GatewayContext, customerId: string): Promise<CustomerSettings | null> {
  return context.services.settings.byCustomerId(customerId.trim());
}

export async function customerSettingsProblems(context: GatewayContext): Promise<SettingsProblem[]> {
  return (await context.services.settings.problems()).map(toProblem);
}

type Prepared = { ok: true; settings: SettingsToSave; fileName: string } | { ok: false; problems: SettingsProblem[] };

/** A settings file from a client, parsed as the loader would read it from `fileName`. */
async function prepare(options: {
  context: GatewayContext;
  file: unknown;
  fileName?: string | null;
  /** Names the file in problems when it has no name yet (an import's "#2"). */
  label: string;
}): Promise<Prepared> {
  const { context, label } = options;
  if (!isPlainObject(options.file)) {
    return {
      ok: false,
      problems: [{ file: options.fileName ?? label, field: null, message: 'expected one settings file: a JSON object' }],
    };
  }
  const customerId = typeof options.file.customer_id === 'string' ? options.file.customer_id.trim() : '';
  const current = customerId ? await context.services.settings.byCustomerId(customerId) : null;
  const fileName = options.fileName?.trim() || (current ? settingsFileName(current) : customerId ? `${customerId}.json` : null);
  if (!fileName) {
    return {
      ok: false,
      problems: [{ file: label, field: 'customer_id', message: 'expected a customer id: it names the settings file' }],
    };
  }
  const file = current ? restoreRedacted(options.file, toSettingsFile(current)) : options.file;
  const parsed = parseCustomerSettingsFile({
    filePath: join(context.services.settings.dir, fileName),
    text: JSON.stringify(file),
  });
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map(toProblem) };
  return { ok: true, settings: parsed.settings, fileName };
}

/** Validates one settings file and, unless `dryRun`, writes it. Audited either way. */
export async function saveCustomerSettingsFile(options: {
  context: GatewayContext;
  file: unknown;
  fileName?: string | null;
  dryRun?: boolean | null;
}): Promise<SaveOutcome> {
  const { context } = options;
  const dryRun = options.dryRun ?? false;
  const prepared = await prepare({
    context,
    file: options.file,
    fileName: options.fileName,
    label: options.fileName ?? '(new file)',
  });
  let outcome: SaveOutcome;
  if (!prepared.ok) {
    outcome = { ok: false, problems: prepared.problems, settings: null };
  } else {
    const saved = await context.services.settings.save({ settings: prepared.settings, fileName: prepared.fileName, dryRun });
    outcome = saved.ok
      ? { ok: true, problems: [], settings: saved.settings }
      : { ok: false, problems: saved.problems.map(toProblem), settings: null };
  }
  await recordAudit(context.services.appDatabase, {
    actor: context.viewer,
    action: 'settings_saved',
    districtId: outcome.settings?.bookmarkedOrgId ?? null,
    requestId: context.requestId,
    detail: {
      operation: 'saveCustomerSettings',
      customerId: prepared.ok ? prepared.settings.customerId : null,
      fileName: prepared.ok ? prepared.fileName : (options.fileName ?? null),
      dryRun,
      written: outcome.ok && !dryRun,
      problems: outcome.problems.map((problem) => ({ file: problem.file, field: problem.field })),
    },
  });
  return outcome;
}

/**
 * Validates every file of an import and, when all pass and not `dryRun`, writes them all; when
 * one fails, nothing is written. `files` is a list of settings files, or an export
 * (`{ "customers": [...] }`), or one file. Audited either way.
 */
export async function importCustomerSettingsFiles(options: {
  context: GatewayContext;
  files: unknown;
  dryRun?: boolean | null;
}): Promise<ImportOutcome> {
  const { context } = options;
  const dryRun = options.dryRun ?? false;
  const list = Array.isArray(options.files)
    ? options.files
    : isPlainObject(options.files) && Array.isArray(options.files.customers)
      ? options.files.customers
      : [options.files];

  let outcome: ImportOutcome;
  const fileNames: string[] = [];
  if (list.length === 0 || list.length > MAX_IMPORT_FILES) {
    const found = list.length === 0 ? 'none' : `${list.length}`;
    outcome = {
      ok: false,
      problems: [{ file: '(import)', field: null, message: `expected 1 to ${MAX_IMPORT_FILES} settings files, found ${found}` }],
      saved: [],
    };
  } else {
    const problems: SettingsProblem[] = [];
    const items: { settings: SettingsToSave; fileName: string }[] = [];
    for (const [index, file] of list.entries()) {
      const prepared = await prepare({ context, file, label: `#${index + 1}` });
      if (prepared.ok) {
        items.push({ settings: prepared.settings, fileName: prepared.fileName });
        fileNames.push(prepared.fileName);
      } else problems.push(...prepared.problems);
    }
    if (problems.length > 0) {
      outcome = { ok: false, problems, saved: [] };
    } else {
      const saved = await context.services.settings.saveMany({ items, dryRun });
      outcome = saved.ok
        ? { ok: true, problems: [], saved: saved.settings }
        : { ok: false, problems: saved.problems.map(toProblem), saved: [] };
    }
  }
  await recordAudit(context.services.appDatabase, {
    actor: context.viewer,
    action: 'settings_saved',
    requestId: context.requestId,
    detail: {
      operation: 'importCustomerSettings',
      files: fileNames,
      dryRun,
      written: outcome.ok && !dryRun,
      problems: outcome.problems.map((problem) => ({ file: problem.file, field: problem.field })),
    },
  });
  return outcome;
}
