import { z } from 'zod';
import { isSecretReference, SECRET_REFERENCE_FORMS, type SecretReference } from '../connectors/secrets/secret-reference';

/**
 * One customer's integration settings file (contract: shared/contract/customer-settings.example.json,
 * field by field in customer-integration-settings/README.md), validated and normalised:
 * - camelCase names; an empty string or null means "not set" and becomes null;
 * - `api_key` and `oauth_credentials` are aliases of `client_secret` (the seeds use them);
 * - secret fields must hold a reference (`env:NAME`, `aws-sm:SECRET_ID#json_key`, `vault:NAME`) or be empty,
 *   and stay references here: resolving them is the credential resolver's job;
 * - a missing section is a disabled one; fields nobody knows yet are kept in `unknownFields`
 *   and written back on save.
 */

export type OneshelfEnvironment = 'staging' | 'production';
export type ClassLinkMode = 'direct' | 'proxy';
export type OneRosterVersion = '1.1' | '1.2';
export type OneRosterAuth = 'oauth1' | 'oauth2';
/** The file key that held a client secret: errors about it name the field as written. */
export type ClientSecretKey = 'client_secret' | 'api_key' | 'oauth_credentials';

export interface ClassLinkSettings {
  enabled: boolean;
  tenantId: string | null;
  /** `direct`: OneRoster 1.1 with OAuth 1.0a; `proxy`: bearer `clientSecret`. */
  mode: ClassLinkMode;
  /** Base URL up to and including the version path. */
  apiUrl: string | null;
  clientId: string | null;
  clientSecret: SecretReference | null;
  clientSecretKey: ClientSecretKey;
  unknownFields: Record<string, unknown>;
}

export interface OneRosterSettings {
  enabled: boolean;
  version: OneRosterVersion;
  /** Base URL up to and including the version path, e.g. `https://host/ims/oneroster/v1p1`. */
  apiUrl: string | null;
  /** `oauth1`: HMAC-SHA256 signed requests; `oauth2`: client credentials at `tokenUrl`. */
  auth: OneRosterAuth;
  clientId: string | null;
  clientSecret: SecretReference | null;
  clientSecretKey: ClientSecretKey;
  tokenUrl: string | null;
  /** The district delivers OneRoster CSV exports. Informational: `csvPath` decides. */
  csvUpload: boolean;
  /** A CSV bundle (folder or .zip), as written: relative to the settings folder or absolute. */
  csvPath: string | null;
  unknownFields: Record<string, unknown>;
}

export interface FtpSettings {
  enabled: boolean;
  host: string | null;
  port: number;
  username: string | null;
  password: SecretReference | null;
  /** Remote folder or file of the bundle; null: the login folder. */
  path: string | null;
  /** Explicit FTPS (AUTH TLS). */
  secure: boolean;
  unknownFields: Record<string, unknown>;
}

/** The validated fields of a settings file, before the loader adds where it came from. */
export interface CustomerSettingsFields {
  /** Null when the file leaves it empty; the loader then uses the file name. */
  customerId: string | null;
  customerName: string | null;
  districtName: string | null;
  integrationType: string | null;
  classlink: ClassLinkSettings;
  oneroster: OneRosterSettings;
  ftp: FtpSettings;
  /** The environment the customer lives in; null when not set (tools then ask). */
  oneshelfEnvironment: OneshelfEnvironment | null;
  /** The Bookmarked district id (bigint, canonical decimal string); null when not linked yet. */
  bookmarkedOrgId: string | null;
  active: boolean;
  notes: string | null;
  unknownFields: Record<string, unknown>;
}

/** A customer's settings as loaded: the fields, its id settled and where the file is. */
export interface CustomerSettings extends CustomerSettingsFields {
  /** `customer_id`, or the file name without `.json` when the file leaves it empty. */
  customerId: string;
  /** Absolute path of the settings file; a relative `csv_path` resolves against its folder. */
  filePath: string;
}

export const DEFAULT_FTP_PORT = 21;
export const SECRET_FIELD_KEYS: ReadonlySet<string> = new Set(['client_secret', 'api_key', 'oauth_credentials', 'password']);
/** PostgreSQL bigint, the type of Bookmarked district ids. */
const MAX_BIGINT = 2n ** 63n - 1n;
const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Renders a found value for an error message. Never used for secret fields. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** What kind of value was found, without the value: for secret fields. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const emptyToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

const text = z
  .string()
  .nullable()
  .optional()
  .transform((value) => emptyToNull(value));

const flag = (fallback: boolean) =>
  z
    .boolean()
    .optional()
    .transform((value) => value ?? fallback);

/** An enum where an empty value means the default. */
const choice = <const T extends string>(values: readonly [T, ...T[]], fallback: T | null) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx): T | null => {
      if (value === undefined || value === null || value === '') return fallback;
      if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `expected one of ${values.map((v) => `"${v}"`).join(', ')}, got ${describeValue(value)}`,
      });
      return z.NEVER;
    });

const httpUrl = text.superRefine((value, ctx) => {
  if (value === null) return;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    ctx.addIssue({ code: 'custom', input: value, message: `expected an http(s) URL, got ${describeValue(value)}` });
  }
});

// The value is never put into the message: it may be a pasted secret.
const secret = z
  .unknown()
  .optional()
  .transform((value, ctx): SecretReference | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      ctx.issues.push({
        code: 'custom',
        input: undefined,
        message: `expected a secret reference (${SECRET_REFERENCE_FORMS}) or "", got ${describeKind(value)}`,
      });
      return z.NEVER;
    }
    const trimmed = value.trim();
    if (trimmed === '') return null;
    if (isSecretReference(trimmed)) return trimmed;
    ctx.issues.push({
      code: 'custom',
      input: undefined,
      message: `expected a secret reference (${SECRET_REFERENCE_FORMS}) or "", found a plain value; store the secret in the environment, AWS Secrets Manager or the credential vault and reference it here`,
    });
    return z.NEVER;
  });

const port = z
  .unknown()
  .optional()
  .transform((value, ctx): number => {
    if (value === undefined || value === null || value === '') return DEFAULT_FTP_PORT;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    const expected = typeof value === 'number' ? 'a whole number from 1 to 65535' : 'a number';
    ctx.issues.push({ code: 'custom', input: value, message: `expected ${expected}, got ${describeValue(value)}` });
    return z.NEVER;
  });

// A bigint primary key; written as a string in the contract, a JSON integer is accepted too.
const bookmarkedOrgId = z
  .unknown()
  .optional()
  .transform((value, ctx): string | null => {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && value.trim() === '') return null;
    const digits =
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? String(value)
        : typeof value === 'string'
          ? value.trim()
          : null;
    if (digits !== null && /^\d{1,19}$/.test(digits) && BigInt(digits) <= MAX_BIGINT) return BigInt(digits).toString();
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `expected a Bookmarked district id (digits, e.g. "1001"), got ${describeValue(value)}`,
    });
    return z.NEVER;
  });

// The seeds sometimes write `1.1` as a number; it means the same.
const oneRosterVersion = z
  .unknown()
  .optional()
  .transform((value, ctx): OneRosterVersion => {
    if (value === undefined || value === null || value === '') return '1.1';
    if (value === '1.1' || value === 1.1) return '1.1';
    if (value === '1.2' || value === 1.2) return '1.2';
    ctx.issues.push({ code: 'custom', input: value, message: `expected "1.1" or "1.2", got ${describeValue(value)}` });
    return z.NEVER;
  });

const customerId = text.superRefine((value, ctx) => {
  if (value !== null && !CUSTOMER_ID_PATTERN.test(value)) {
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: `expected letters, digits, '.', '_' or '-' (it names the settings file), got ${describeValue(value)}`,
    });
  }
});

function unknownFieldsOf(raw: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !known.includes(key)));
}

/** The secret and which key held it; two different non-empty values are a conflict. */
function pickClientSecret(
  values: Record<ClientSecretKey, SecretReference | null>,
  ctx: z.RefinementCtx,
): { clientSecret: SecretReference | null; clientSecretKey: ClientSecretKey } {
  const set = (['client_secret', 'api_key', 'oauth_credentials'] as const).filter((key) => values[key] !== null);
  const first = set[0];
  if (first === undefined) return { clientSecret: null, clientSecretKey: 'client_secret' };
  for (const other of set.slice(1)) {
    if (values[other] !== values[first]) {
      ctx.addIssue({
        code: 'custom',
        path: [other],
        input: undefined,
        message: `is an alias of client_secret but holds a different reference than ${first}; keep only client_secret`,
      });
    }
  }
  return { clientSecret: values[first], clientSecretKey: first };
}

const CLASSLINK_KEYS = [
  'enabled',
  'tenant_id',
  'oauth_credentials',
  'mode',
  'api_url',
  'client_id',
  'client_secret',
  'api_key',
] as const;
const classlinkSchema = z
  .looseObject({
    enabled: flag(false),
    tenant_id: text,
    mode: choice(['direct', 'proxy'], 'direct'),
    api_url: httpUrl,
    client_id: text,
    client_secret: secret,
    api_key: secret,
    oauth_credentials: secret,
  })
  .transform(
    (raw, ctx): ClassLinkSettings => ({
      enabled: raw.enabled,
      tenantId: raw.tenant_id,
      mode: raw.mode ?? 'direct',
      apiUrl: raw.api_url,
      clientId: raw.client_id,
      ...pickClientSecret(raw, ctx),
      unknownFields: unknownFieldsOf(raw, CLASSLINK_KEYS),
    }),
  );

const ONEROSTER_KEYS = [
  'enabled',
  'version',
  'api_url',
  'auth',
  'client_id',
  'client_secret',
  'token_url',
  'api_key',
  'oauth_credentials',
  'csv_upload',
  'csv_path',
] as const;
const onerosterSchema = z
  .looseObject({
    enabled: flag(false),
    version: oneRosterVersion,
    api_url: httpUrl,
    auth: choice(['oauth1', 'oauth2'], 'oauth1'),
    client_id: text,
    client_secret: secret,
    api_key: secret,
    oauth_credentials: secret,
    token_url: httpUrl,
    csv_upload: flag(false),
    csv_path: text,
  })
  .transform(
    (raw, ctx): OneRosterSettings => ({
      enabled: raw.enabled,
      version: raw.version,
      apiUrl: raw.api_url,
      auth: raw.auth ?? 'oauth1',
      clientId: raw.client_id,
      ...pickClientSecret(raw, ctx),
      tokenUrl: raw.token_url,
      csvUpload: raw.csv_upload,
      csvPath: raw.csv_path,
      unknownFields: unknownFieldsOf(raw, ONEROSTER_KEYS),
    }),
  );

const FTP_KEYS = ['enabled', 'host', 'port', 'username', 'password', 'path', 'secure'] as const;
const ftpSchema = z
  .looseObject({
    enabled: flag(false),
    host: text,
    port,
    username: text,
    password: secret,
    path: text,
    secure: flag(false),
  })
  .transform(
    (raw): FtpSettings => ({
      enabled: raw.enabled,
      host: raw.host,
      port: raw.port,
      username: raw.username,
      password: raw.password,
      path: raw.path,
      secure: raw.secure,
      unknownFields: unknownFieldsOf(raw, FTP_KEYS),
    }),
  );

const TOP_LEVEL_KEYS = [
  'customer_id',
  'customer_name',
  'district_name',
  'integration_type',
  'classlink',
  'oneroster',
  'ftp',
  'oneshelf_environment',
  'bookmarked_org_id',
  'active',
  'notes',
] as const;

/** Parses the JSON value of one settings file into CustomerSettingsFields. */
export const customerSettingsSchema = z
  .looseObject({
    customer_id: customerId,
    customer_name: text,
    district_name: text,
    integration_type: text,
    classlink: classlinkSchema.optional().transform((value) => value ?? classlinkSchema.parse({})),
    oneroster: onerosterSchema.optional().transform((value) => value ?? onerosterSchema.parse({})),
    ftp: ftpSchema.optional().transform((value) => value ?? ftpSchema.parse({})),
    oneshelf_environment: choice(['staging', 'production'], null),
    bookmarked_org_id: bookmarkedOrgId,
    active: flag(true),
    notes: text,
  })
  .transform(
    (raw): CustomerSettingsFields => ({
      customerId: raw.customer_id,
      customerName: raw.customer_name,
      districtName: raw.district_name,
      integrationType: raw.integration_type,
      classlink: raw.classlink,
      oneroster: raw.oneroster,
      ftp: raw.ftp,
      oneshelfEnvironment: raw.oneshelf_environment,
      bookmarkedOrgId: raw.bookmarked_org_id,
      active: raw.active,
      notes: raw.notes,
      unknownFields: unknownFieldsOf(raw, TOP_LEVEL_KEYS),
    }),
  );

/**
 * The file form of settings, in the contract's field order, unknown fields after the known
 * ones. Empty values are written as "" like the contract example; aliases are folded into
 * `client_secret`.
 */
export function toSettingsFile(settings: CustomerSettingsFields): Record<string, unknown> {
  const orEmpty = (value: string | null) => value ?? '';
  const withUnknown = (known: Record<string, unknown>, unknown: Record<string, unknown>) => ({
    ...known,
    ...Object.fromEntries(Object.entries(unknown).filter(([key]) => !(key in known))),
  });
  const { classlink, oneroster, ftp } = settings;
  return withUnknown(
    {
      customer_id: orEmpty(settings.customerId),
      customer_name: orEmpty(settings.customerName),
      district_name: orEmpty(settings.districtName),
      integration_type: orEmpty(settings.integrationType),
      classlink: withUnknown(
        {
          enabled: classlink.enabled,
          tenant_id: orEmpty(classlink.tenantId),
          mode: classlink.mode,
          api_url: orEmpty(classlink.apiUrl),
          client_id: orEmpty(classlink.clientId),
          client_secret: orEmpty(classlink.clientSecret),
        },
        withoutAliases(classlink.unknownFields),
      ),
      oneroster: withUnknown(
        {
          enabled: oneroster.enabled,
          version: oneroster.version,
          api_url: orEmpty(oneroster.apiUrl),
          auth: oneroster.auth,
          client_id: orEmpty(oneroster.clientId),
          client_secret: orEmpty(oneroster.clientSecret),
          token_url: orEmpty(oneroster.tokenUrl),
          csv_upload: oneroster.csvUpload,
          csv_path: orEmpty(oneroster.csvPath),
        },
        withoutAliases(oneroster.unknownFields),
      ),
      ftp: withUnknown(
        {
          enabled: ftp.enabled,
          host: orEmpty(ftp.host),
          port: ftp.port,
          username: orEmpty(ftp.username),
          password: orEmpty(ftp.password),
          path: orEmpty(ftp.path),
          secure: ftp.secure,
        },
        ftp.unknownFields,
      ),
      oneshelf_environment: orEmpty(settings.oneshelfEnvironment),
      bookmarked_org_id: orEmpty(settings.bookmarkedOrgId),
      active: settings.active,
      notes: orEmpty(settings.notes),
    },
    settings.unknownFields,
  );
}

// Aliases are folded into client_secret on save; a stray alias in unknownFields must not
// come back as a second, different secret.
function withoutAliases(fields: Record<string, unknown>): Record<string, unknown> {
  const { api_key: _apiKey, oauth_credentials: _oauthCredentials, ...rest } = fields;
  return rest;
}
