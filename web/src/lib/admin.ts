import type { AuditLogFilter, Environment, Role } from '@cdt/schema';

/** Plain words and pure rules for the admin pages (audit log, users, API tokens, credentials). */

/** Every audit action the gateway writes (AuditEntry.action), in groups for the filter. */
export const AUDIT_ACTION_GROUPS: { label: string; actions: { value: string; label: string }[] }[] = [
  {
    label: 'Data',
    actions: [
      { value: 'production_read', label: 'Production read' },
      { value: 'tool_run', label: 'Tool run' },
      { value: 'compare_run', label: 'Comparison run' },
      { value: 'access_denied', label: 'Access denied' },
      { value: 'rate_limited', label: 'Rate limited' },
    ],
  },
  {
    label: 'Sign-in',
    actions: [
      { value: 'sign_in', label: 'Signed in' },
      { value: 'sign_in_failed', label: 'Sign-in failed' },
      { value: 'sign_in_refused', label: 'Sign-in refused' },
      { value: 'step_up', label: 'Step-up' },
      { value: 'step_up_failed', label: 'Step-up failed' },
      { value: 'sessions_revoked', label: 'Signed out everywhere' },
      { value: 'totp_enrolled', label: 'Authenticator enrolled' },
      { value: 'totp_disabled', label: 'Authenticator removed' },
    ],
  },
  {
    label: 'Administration',
    actions: [
      { value: 'user_changed', label: 'User changed' },
      { value: 'token_created', label: 'Token created' },
      { value: 'token_revoked', label: 'Token revoked' },
      { value: 'credential_saved', label: 'Credential saved' },
      { value: 'credential_deleted', label: 'Credential deleted' },
      { value: 'credential_tested', label: 'Credential tested' },
      { value: 'connection_tested', label: 'Connection tested' },
      { value: 'vault_key_rotated', label: 'Vault key rotated' },
      { value: 'settings_saved', label: 'Settings saved' },
      { value: 'audit_exported', label: 'Audit log exported' },
    ],
  },
];

const ACTION_LABELS = new Map(AUDIT_ACTION_GROUPS.flatMap((group) => group.actions.map((a) => [a.value, a.label])));

/** "Production read" for production_read; an action this page does not know keeps its name. */
export const auditActionLabel = (action: string) => ACTION_LABELS.get(action) ?? action;

/** The audit filter as the page's URL holds it (?actor=&action=&district=&environment=&from=&to=&q=). */
export interface AuditFilterParams {
  actor: string;
  action: string;
  district: string;
  environment: string;
  from: string;
  to: string;
  q: string;
}

export const AUDIT_FILTER_KEYS = ['actor', 'action', 'district', 'environment', 'from', 'to', 'q'] as const;

export function readAuditFilter(params: URLSearchParams): AuditFilterParams {
  const get = (name: string) => (params.get(name) ?? '').trim().slice(0, 200);
  return {
    actor: get('actor'),
    action: get('action'),
    district: get('district'),
    environment: get('environment').toUpperCase(),
    from: get('from'),
    to: get('to'),
    q: get('q'),
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The people and tokens the "who" filter can name, so that a typed username finds its
 * entries: the log records actors as user:ID or token:ID (sign-in attempts as the username tried).
 */
export interface AuditActors {
  users: readonly { id: string; username: string }[];
  tokens: readonly { id: string; name: string }[];
}

/** The actor id for what was typed or picked: user:ID / token:ID / cli as they are, a username or token name looked up. */
export function actorId(value: string, actors: AuditActors): string | null {
  const text = value.trim();
  if (!text) return null;
  if (/^(user|token):\d{1,18}$/.test(text) || text === 'cli') return text;
  const user = actors.users.find((u) => u.username.toLowerCase() === text.toLowerCase());
  if (user) return `user:${user.id}`;
  const token = actors.tokens.find((t) => t.name.toLowerCase() === text.toLowerCase());
  if (token) return `token:${token.id}`;
  // A sign-in attempt is recorded under the username tried, known or not.
  return text;
}

/** Who an entry names, in words: its recorded name, else the user's username or the token's name, else the id. */
export function actorLabel(entry: { actorId: string; actorName?: string | null }, actors: AuditActors): string {
  if (entry.actorName) return entry.actorName;
  const [kind, id] = entry.actorId.split(':');
  if (kind === 'user') return actors.users.find((u) => u.id === id)?.username ?? entry.actorId;
  if (kind === 'token') return actors.tokens.find((t) => t.id === id)?.name ?? entry.actorId;
  return entry.actorId === 'cli' ? 'Command line' : entry.actorId;
}

/** The gateway's AuditLogFilter for the page's filter; the date range's `to` is inclusive here, exclusive there. */
export function auditLogFilter(filter: AuditFilterParams, actors: AuditActors): AuditLogFilter {
  return {
    actor: actorId(filter.actor, actors),
    actions: ACTION_LABELS.has(filter.action) ? [filter.action] : null,
    districtId: /^\d{1,19}$/.test(filter.district) ? filter.district : null,
    environment:
      filter.environment === 'STAGING' || filter.environment === 'PRODUCTION' ? (filter.environment as Environment) : null,
    from: ISO_DATE.test(filter.from) ? filter.from : null,
    to: ISO_DATE.test(filter.to) ? nextDay(filter.to) : null,
    search: filter.q || null,
  };
}

/** The filter as a query string (for paging and the CSV link); empty fields left out. */
export function auditFilterQuery(filter: AuditFilterParams, extra: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) if (filter[key]) params.set(key, filter[key]);
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** `audit-log-20261122-1405Z.csv`: when it was taken, sortable, safe in a Content-Disposition header. */
export function auditCsvFileName(now: Date = new Date()): string {
  const iso = now.toISOString();
  return `audit-log-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 16).replace(':', '')}Z.csv`;
}

/** One entry's detail split for the detail view: the GraphQL document, its variables, record ids and the rest. */
export interface AuditDetailView {
  operationName: string | null;
  document: string | null;
  variables: unknown;
  recordIds: string[];
  errors: unknown;
  rest: Record<string, unknown>;
}

export function auditDetailView(detail: unknown): AuditDetailView {
  const record = detail && typeof detail === 'object' && !Array.isArray(detail) ? { ...(detail as Record<string, unknown>) } : {};
  const take = (key: string) => {
    const value = record[key];
    delete record[key];
    return value;
  };
  const operationName = take('operationName');
  const document = take('document') ?? take('query');
  const variables = take('variables');
  const recordIds = take('recordIds');
  const errors = take('errors');
  return {
    operationName: typeof operationName === 'string' ? operationName : null,
    document: typeof document === 'string' ? document : null,
    variables: variables ?? null,
    recordIds: Array.isArray(recordIds) ? recordIds.map(String) : [],
    errors: errors ?? null,
    rest: record,
  };
}

export const ROLE_OPTIONS: { value: Role; label: string; help: string }[] = [
  { value: 'VIEWER', label: 'Viewer', help: 'Staging data only, read.' },
  { value: 'SUPPORT', label: 'Support', help: 'Staging and production diagnostics and queries.' },
  { value: 'ADMIN', label: 'Admin', help: 'Support, plus settings, credentials, users, tokens and the audit log.' },
];

export const isRole = (value: string): value is Role => ROLE_OPTIONS.some((option) => option.value === value);

/**
 * Admin actions that open production to someone (a support or admin role or token: a token
 * reads production with no step-up at all) or change the secrets production connections use.
 * The web app asks for a recent step-up before these, as it does before production data.
 */
export type AdminChange =
  | { kind: 'set-role'; role: Role }
  | { kind: 'create-token'; role: Role }
  | { kind: 'save-credential' }
  | { kind: 'delete-credential' };

export function needsStepUp(change: AdminChange): boolean {
  switch (change.kind) {
    case 'set-role':
    case 'create-token':
      return change.role !== 'VIEWER';
    case 'save-credential':
    case 'delete-credential':
      return true;
  }
}

export const CREDENTIAL_KINDS = [
  {
    value: 'DATABASE_URL',
    label: 'Database URL',
    help: 'postgres://… — tested: it must connect and its role must not be able to write.',
  },
  { value: 'API_SECRET', label: 'API secret', help: 'A OneRoster or ClassLink client secret.' },
  { value: 'HUBSPOT_TOKEN', label: 'HubSpot token', help: 'A HubSpot private app token.' },
  { value: 'PASSWORD', label: 'Password', help: 'An FTP or other password.' },
  { value: 'OTHER', label: 'Other', help: 'Anything else a settings file names as vault:NAME.' },
] as const;

/** As the vault names credentials: 1–63 lowercase letters, digits, ".", "_", "-", starting with a letter or digit. */
export const CREDENTIAL_NAME_PATTERN = '[a-z0-9][a-z0-9._\\-]{0,62}';
export const isCredentialName = (name: string) => new RegExp(`^${CREDENTIAL_NAME_PATTERN}$`).test(name);
