import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { SettingsError } from '../errors';
import {
  type CustomerSettings,
  customerSettingsSchema,
  describeKind,
  describeValue,
  SECRET_FIELD_KEYS,
} from './customer-settings-schema';
import { findJsonSyntaxError } from './json-syntax-error';

/** The example every new file starts from; it is documentation, not a customer. */
export const TEMPLATE_FILE_NAME = 'template.json';
/** Settings files are a few hundred bytes; anything this big is a mistake, not a customer. */
export const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

export type ParsedSettingsFile = { ok: true; settings: CustomerSettings } | { ok: false; problems: SettingsError[] };

export interface LoadedCustomerSettings {
  /** Valid customers, by file name. Files in a duplicate id conflict are left out. */
  customers: CustomerSettings[];
  /** One SettingsError per thing wrong, each naming the file and, when it can, the field. */
  problems: SettingsError[];
}

/** Is this a customer settings file? Every `*.json` except the template and hidden files. */
export function isCustomerSettingsFileName(fileName: string): boolean {
  return fileName.endsWith('.json') && fileName !== TEMPLATE_FILE_NAME && !fileName.startsWith('.');
}

/**
 * Parses the text of one settings file. Pure: `filePath` only names the file in problems and
 * is kept on the result.
 */
export function parseCustomerSettingsFile(options: { filePath: string; text: string }): ParsedSettingsFile {
  const fileName = basename(options.filePath);
  // Editors on Windows may save a byte order mark, which JSON.parse refuses.
  const text = options.text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const syntax = findJsonSyntaxError(text);
    const message = syntax
      ? `invalid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.message}`
      : `invalid JSON: ${(error as Error).message}`;
    return { ok: false, problems: [new SettingsError({ file: fileName, message })] };
  }

  const parsed = customerSettingsSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => problemFromIssue(fileName, issue)) };
  }
  return {
    ok: true,
    settings: {
      ...parsed.data,
      customerId: parsed.data.customerId ?? fileName.replace(/\.json$/, ''),
      filePath: resolve(options.filePath),
    },
  };
}

/**
 * Reads every customer settings file in `dir`. A bad file never stops the others: it becomes
 * a problem and the rest load. Two files claiming the same `customer_id` or
 * `bookmarked_org_id` are both left out, since neither can be trusted to be the right one.
 */
export async function loadCustomerSettings(options: { dir: string }): Promise<LoadedCustomerSettings> {
  const dir = resolve(options.dir);
  let fileNames: string[];
  try {
    fileNames = (await readdir(dir)).filter(isCustomerSettingsFileName).sort();
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'the settings folder does not exist'
        : `the settings folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`;
    return {
      customers: [],
      problems: [
        new SettingsError({
          file: dir,
          message: `${reason}; set CUSTOMER_SETTINGS_DIR to the folder of customer settings files`,
        }),
      ],
    };
  }

  const parsedFiles = await Promise.all(fileNames.map((fileName) => readSettingsFile(join(dir, fileName))));
  const customers: CustomerSettings[] = [];
  const problems: SettingsError[] = [];
  for (const parsed of parsedFiles) {
    if (parsed.ok) customers.push(parsed.settings);
    else problems.push(...parsed.problems);
  }
  const duplicates = findDuplicateIds({ customers });
  const conflicted = new Set(duplicates.flatMap((duplicate) => duplicate.filePaths));
  return {
    customers: customers.filter((customer) => !conflicted.has(customer.filePath)),
    problems: [...problems, ...duplicates.map((duplicate) => duplicate.problem)],
  };
}

export async function readSettingsFile(filePath: string): Promise<ParsedSettingsFile> {
  const fileName = basename(filePath);
  try {
    const { size } = await stat(filePath);
    if (size > MAX_SETTINGS_FILE_BYTES) {
      return {
        ok: false,
        problems: [
          new SettingsError({
            file: fileName,
            message: `expected a settings file under ${MAX_SETTINGS_FILE_BYTES} bytes, found ${size}`,
          }),
        ],
      };
    }
    return parseCustomerSettingsFile({ filePath, text: await readFile(filePath, 'utf8') });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { ok: false, problems: [new SettingsError({ file: fileName, message: `cannot be read (${code})` })] };
  }
}

export interface DuplicateId {
  field: 'customer_id' | 'bookmarked_org_id';
  value: string;
  filePaths: string[];
  problem: SettingsError;
}

/** Ids that more than one file claims; each conflict is one problem naming every file. */
export function findDuplicateIds(options: { customers: readonly CustomerSettings[] }): DuplicateId[] {
  const duplicates: DuplicateId[] = [];
  const check = (field: DuplicateId['field'], idOf: (customer: CustomerSettings) => string | null) => {
    const byId = new Map<string, CustomerSettings[]>();
    for (const customer of options.customers) {
      const id = idOf(customer);
      if (id !== null) byId.set(id, [...(byId.get(id) ?? []), customer]);
    }
    for (const [value, claimants] of byId) {
      if (claimants.length < 2) continue;
      const [first, ...others] = claimants.map((customer) => basename(customer.filePath));
      duplicates.push({
        field,
        value,
        filePaths: claimants.map((customer) => customer.filePath),
        problem: new SettingsError({
          file: first ?? '',
          field,
          message: `"${value}" is also the ${field} of ${others.join(', ')}; each customer needs its own, so none of these files is used until one is fixed`,
        }),
      });
    }
  };
  check('customer_id', (customer) => customer.customerId);
  check('bookmarked_org_id', (customer) => customer.bookmarkedOrgId);
  return duplicates;
}

const EXPECTED_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function problemFromIssue(fileName: string, issue: z.core.$ZodIssue): SettingsError {
  const field = issue.path
    .map((key) => (typeof key === 'number' ? `[${key}]` : String(key)))
    .join('.')
    .replace(/\.\[/g, '[');
  const lastKey = issue.path[issue.path.length - 1];
  let message = issue.message;
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED_TYPE[issue.expected] ?? issue.expected;
    // A secret field's value is described by its kind only: it may be the secret itself.
    const found =
      typeof lastKey === 'string' && SECRET_FIELD_KEYS.has(lastKey) ? describeKind(issue.input) : describeValue(issue.input);
    message = `expected ${expected}, got ${found}`;
  }
  return new SettingsError({ file: fileName, field: field || undefined, message });
}
