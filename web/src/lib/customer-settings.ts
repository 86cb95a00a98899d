import { blankSettingsFile } from '@cdt/gateway/settings/blank-settings-file';
import { customerSettingsSchema } from '@cdt/gateway/settings/customer-settings-schema';

/**
 * Customer settings in the web app: the settings file as JSON (snake_case, the contract's
 * format), the form that edits it, and field-level validation with the gateway's own zod
 * schema — the very rules the gateway applies when it saves the file.
 */

export type SettingsFile = Record<string, unknown>;

export interface SettingsField {
  /** Dotted path in the file, e.g. `ftp.port`. */
  path: string;
  label: string;
  kind: 'text' | 'number' | 'checkbox' | 'select' | 'secret' | 'url' | 'textarea';
  options?: { value: string; label: string }[];
  help?: string;
  placeholder?: string;
}

export interface SettingsSection {
  id: string;
  title: string;
  /** The section's `enabled` flag, when it has one. */
  toggle?: string;
  fields: SettingsField[];
}

const SECRET_HELP = 'A reference, never the secret itself: env:NAME, aws-sm:SECRET_ID#json_key or vault:NAME.';

export const SETTINGS_SECTIONS: SettingsSection[] = [
  {
    id: 'general',
    title: 'Customer',
    fields: [
      {
        path: 'customer_id',
        label: 'Customer id',
        kind: 'text',
        help: "Letters, digits, '.', '_' or '-'; it names the settings file.",
        placeholder: 'lakeside-isd',
      },
      { path: 'customer_name', label: 'Customer name', kind: 'text', placeholder: 'Lakeside ISD' },
      { path: 'district_name', label: 'District name', kind: 'text', placeholder: 'Lakeside Independent School District' },
      {
        path: 'bookmarked_org_id',
        label: 'Bookmarked district id',
        kind: 'text',
        help: 'bookmarked.districts.id: which Bookmarked district these settings describe.',
        placeholder: '1001',
      },
      {
        path: 'oneshelf_environment',
        label: 'Environment',
        kind: 'select',
        options: [
          { value: '', label: '(not set: tools ask)' },
          { value: 'staging', label: 'Staging' },
          { value: 'production', label: 'Production' },
        ],
      },
      { path: 'integration_type', label: 'Integration type', kind: 'text', placeholder: 'OneRoster, ClassLink…' },
      { path: 'active', label: 'Active', kind: 'checkbox' },
      { path: 'notes', label: 'Notes', kind: 'textarea' },
    ],
  },
  {
    id: 'oneroster',
    title: 'OneRoster (CSV or REST API)',
    toggle: 'oneroster.enabled',
    fields: [
      {
        path: 'oneroster.csv_path',
        label: 'CSV bundle path',
        kind: 'text',
        help: 'A folder or .zip on local disk, relative to the settings folder or absolute.',
        placeholder: 'exports/lakeside',
      },
      { path: 'oneroster.csv_upload', label: 'The district delivers CSV exports', kind: 'checkbox' },
      {
        path: 'oneroster.version',
        label: 'Version',
        kind: 'select',
        options: [
          { value: '1.1', label: '1.1' },
          { value: '1.2', label: '1.2' },
        ],
      },
      {
        path: 'oneroster.api_url',
        label: 'API URL',
        kind: 'url',
        help: 'Up to and including the version path, e.g. https://host/ims/oneroster/v1p1.',
        placeholder: 'https://',
      },
      {
        path: 'oneroster.auth',
        label: 'Authentication',
        kind: 'select',
        options: [
          { value: 'oauth1', label: 'OAuth 1.0a (signed requests)' },
          { value: 'oauth2', label: 'OAuth 2 client credentials' },
        ],
      },
      { path: 'oneroster.client_id', label: 'Client id', kind: 'text' },
      {
        path: 'oneroster.client_secret',
        label: 'Client secret',
        kind: 'secret',
        help: SECRET_HELP,
        placeholder: 'env:LAKESIDE_ONEROSTER_SECRET',
      },
      { path: 'oneroster.token_url', label: 'Token URL (OAuth 2)', kind: 'url', placeholder: 'https://' },
    ],
  },
  {
    id: 'classlink',
    title: 'ClassLink',
    toggle: 'classlink.enabled',
    fields: [
      {
        path: 'classlink.mode',
        label: 'Mode',
        kind: 'select',
        options: [
          { value: 'direct', label: 'Direct (OneRoster 1.1, OAuth 1.0a)' },
          { value: 'proxy', label: 'Proxy (bearer token)' },
        ],
      },
      { path: 'classlink.api_url', label: 'API URL', kind: 'url', placeholder: 'https://' },
      { path: 'classlink.tenant_id', label: 'Tenant id', kind: 'text' },
      { path: 'classlink.client_id', label: 'Client id', kind: 'text' },
      {
        path: 'classlink.client_secret',
        label: 'Client secret',
        kind: 'secret',
        help: SECRET_HELP,
        placeholder: 'aws-sm:classlink/lakeside#secret',
      },
    ],
  },
  {
    id: 'ftp',
    title: 'FTP drop',
    toggle: 'ftp.enabled',
    fields: [
      { path: 'ftp.host', label: 'Host', kind: 'text', placeholder: 'ftp.district.example' },
      { path: 'ftp.port', label: 'Port', kind: 'number', placeholder: '21' },
      { path: 'ftp.username', label: 'Username', kind: 'text' },
      { path: 'ftp.password', label: 'Password', kind: 'secret', help: SECRET_HELP, placeholder: 'env:LAKESIDE_FTP_PASSWORD' },
      { path: 'ftp.path', label: 'Remote folder or file', kind: 'text', placeholder: '/data' },
      { path: 'ftp.secure', label: 'Explicit FTPS (AUTH TLS)', kind: 'checkbox' },
    ],
  },
];

/** A new customer's file: every section present and disabled, like the contract example. */
export const emptySettingsFile = (): SettingsFile => blankSettingsFile();

export function getPath(file: SettingsFile, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      file,
    );
}

/** A copy of `file` with `path` set (sections created as needed). */
export function setPath(file: SettingsFile, path: string, value: unknown): SettingsFile {
  const [head, ...rest] = path.split('.');
  if (!head) return file;
  if (!rest.length) return { ...file, [head]: value };
  const inner = file[head] && typeof file[head] === 'object' ? (file[head] as SettingsFile) : {};
  return { ...file, [head]: setPath(inner, rest.join('.'), value) };
}

/** Field path → message, with the gateway's zod schema; required-for-saving checks on top. */
export function validateSettingsFile(file: SettingsFile): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = customerSettingsSchema.safeParse(file);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.') || 'file';
      errors[path] ??= issue.message.replace(/^Invalid input: /, '');
    }
  }
  if (!String(file.customer_id ?? '').trim()) errors.customer_id ??= 'A customer id is needed to save the file.';
  const enabled = (section: string) => getPath(file, `${section}.enabled`) === true;
  if (
    enabled('oneroster') &&
    !String(getPath(file, 'oneroster.csv_path') ?? '').trim() &&
    !String(getPath(file, 'oneroster.api_url') ?? '').trim()
  ) {
    errors['oneroster.csv_path'] ??= 'OneRoster is enabled: give a CSV bundle path or an API URL.';
  }
  if (enabled('ftp') && !String(getPath(file, 'ftp.host') ?? '').trim()) errors['ftp.host'] ??= 'FTP is enabled: give the host.';
  if (enabled('classlink') && !String(getPath(file, 'classlink.api_url') ?? '').trim())
    errors['classlink.api_url'] ??= 'ClassLink is enabled: give the API URL.';
  return errors;
}

/** Settings files from an import: one file object, an array of them, or `{ "customers": [...] }`. */
export function parseImport(text: string): { ok: true; files: SettingsFile[] } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, message: `The file is not valid JSON: ${(error as Error).message}` };
  }
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { customers?: unknown }).customers)
      ? (value as { customers: unknown[] }).customers
      : [value];
  const files = list.filter((item): item is SettingsFile => !!item && typeof item === 'object' && !Array.isArray(item));
  if (!files.length || files.length !== list.length)
    return { ok: false, message: 'Expected a settings object, a list of them, or { "customers": [...] }.' };
  return { ok: true, files };
}

/** One problem of an import, naming the uploaded file (and the customer in it) and the field. */
export interface ImportProblem {
  file: string;
  field: string | null;
  message: string;
}

/**
 * The settings files of one import (several uploads, each one file, a list or an export),
 * checked field by field with the gateway's schema before anything is sent. Any problem
 * means nothing is imported.
 */
export function collectImport(uploads: readonly { name: string; text: string }[]): {
  files: SettingsFile[];
  problems: ImportProblem[];
} {
  const files: SettingsFile[] = [];
  const problems: ImportProblem[] = [];
  for (const upload of uploads) {
    const parsed = parseImport(upload.text);
    if (!parsed.ok) {
      problems.push({ file: upload.name, field: null, message: parsed.message });
      continue;
    }
    parsed.files.forEach((file, index) => {
      const customer = String(file.customer_id ?? '').trim();
      const label = parsed.files.length === 1 && !customer ? upload.name : `${upload.name} › ${customer || `#${index + 1}`}`;
      for (const [field, message] of Object.entries(validateSettingsFile(file))) {
        problems.push({ file: label, field: field === 'file' ? null : field, message });
      }
      files.push(file);
    });
  }
  if (!uploads.length) problems.push({ file: '(none)', field: null, message: 'Choose one or more settings files (.json).' });
  return { files, problems };
}

export interface CustomerRow {
  customerId: string;
  customerName: string | null;
  districtName: string | null;
  integrationType: string | null;
  environment: string | null;
  bookmarkedOrgId: string | null;
  active: boolean;
  sourceKind: string;
}

export function filterCustomers<C extends CustomerRow>(
  customers: readonly C[],
  filter: { search: string; integrationType: string; environment: string },
): C[] {
  const needle = filter.search.trim().toLowerCase();
  return customers.filter(
    (c) =>
      (!needle ||
        [c.customerId, c.customerName, c.districtName, c.bookmarkedOrgId].some((v) => v?.toLowerCase().includes(needle))) &&
      (!filter.integrationType || (c.integrationType ?? '').toLowerCase() === filter.integrationType.toLowerCase()) &&
      (!filter.environment || (c.environment ?? '').toUpperCase() === filter.environment.toUpperCase()),
  );
}
