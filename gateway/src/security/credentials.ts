import type { VaultSecretSource } from '../connectors/secrets/credential-resolver';
import type { SqlClient } from '../db/sql-client';
import { InputError, NotFoundError } from '../errors';
import { type AuditActor, recordAudit } from './audit-log';
import { type CredentialVault, envelopeKeyId, open, seal, type VaultKey } from './credential-vault';
import { resealTotpSecrets } from './totp';

/**
 * Credentials entered in the UI (database URLs, API secrets, HubSpot tokens), sealed in the
 * vault. After saving, the gateway never returns a value: only that it is set, its last four
 * characters (for secrets long enough that four say little) and when it was last tested.
 * Settings files name them as `vault:NAME`.
 */
export const CREDENTIAL_KINDS = ['database_url', 'api_secret', 'hubspot_token', 'password', 'other'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const MAX_CREDENTIAL_BYTES = 8 * 1024;
/** Shorter secrets show no last four: four characters of eight would give half away. */
export const MIN_LENGTH_FOR_LAST4 = 12;

export interface CredentialSummary {
  name: string;
  kind: CredentialKind;
  description: string | null;
  last4: string | null;
  keyId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  lastTestedAt: string | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
}

const contextOf = (name: string) => `credential:${name}`;

type CredentialRow = {
  name: string;
  kind: CredentialKind;
  description: string | null;
  last4: string | null;
  key_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  last_tested_at: string | null;
  last_test_ok: boolean | null;
  last_test_message: string | null;
};

const SUMMARY_COLUMNS = `name, kind, description, last4, key_id, created_at::text, created_by, updated_at::text, updated_by,
  last_tested_at::text, last_test_ok, last_test_message`;

const toSummary = (row: CredentialRow): CredentialSummary => ({
  name: row.name,
  kind: row.kind,
  description: row.description,
  last4: row.last4,
  keyId: row.key_id,
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
  lastTestedAt: row.last_tested_at,
  lastTestOk: row.last_test_ok,
  lastTestMessage: row.last_test_message,
});

export function checkCredentialName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!NAME_PATTERN.test(name)) {
    throw new InputError(
      `Credential name "${raw.slice(0, 80)}" is not valid: expected 1 to 63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    );
  }
  return name;
}

export async function listCredentials(db: SqlClient): Promise<CredentialSummary[]> {
  const { rows } = await db.query<CredentialRow>(`SELECT ${SUMMARY_COLUMNS} FROM credentials ORDER BY name`);
  return rows.map(toSummary);
}

export async function credentialSummary(db: SqlClient, name: string): Promise<CredentialSummary | null> {
  const { rows } = await db.query<CredentialRow>(`SELECT ${SUMMARY_COLUMNS} FROM credentials WHERE name = $1`, [
    checkCredentialName(name),
  ]);
  return rows[0] ? toSummary(rows[0]) : null;
}

/** Seals and stores a credential (new or replaced) and audits it, in one transaction. */
export async function saveCredential(options: {
  db: SqlClient & { transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> };
  vault: CredentialVault;
  name: string;
  kind: string;
  value: string;
  description?: string | null;
  actor: AuditActor;
  requestId?: string;
}): Promise<CredentialSummary> {
  const name = checkCredentialName(options.name);
  if (!CREDENTIAL_KINDS.includes(options.kind as CredentialKind)) {
    throw new InputError(`Unknown credential kind "${options.kind}": expected one of ${CREDENTIAL_KINDS.join(', ')}.`);
  }
  const value = options.value;
  if (!value.trim()) throw new InputError(`Credential ${name}: the value is empty.`);
  if (Buffer.byteLength(value) > MAX_CREDENTIAL_BYTES) {
    throw new InputError(`Credential ${name}: the value is too long (at most ${MAX_CREDENTIAL_BYTES} bytes).`);
  }
  if (options.kind === 'database_url' && !/^postgres(ql)?:\/\//.test(value.trim())) {
    throw new InputError(`Credential ${name}: a database URL starts with postgres:// or postgresql://.`);
  }
  const key = await options.vault.key();
  const envelope = seal({ key, plaintext: value, context: contextOf(name) });
  const last4 = value.length >= MIN_LENGTH_FOR_LAST4 ? value.slice(-4) : null;
  const description = options.description?.trim().slice(0, 500) || null;
  return options.db.transaction(async (tx) => {
    const { rows } = await tx.query<CredentialRow & { replaced: boolean }>(
      `INSERT INTO credentials (name, kind, description, secret_envelope, key_id, last4, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, description = EXCLUDED.description,
         secret_envelope = EXCLUDED.secret_envelope, key_id = EXCLUDED.key_id, last4 = EXCLUDED.last4,
         updated_at = now(), updated_by = EXCLUDED.updated_by,
         last_tested_at = NULL, last_test_ok = NULL, last_test_message = NULL
       RETURNING ${SUMMARY_COLUMNS}, (xmax <> 0) AS replaced`,
      [name, options.kind, description, envelope, key.id, last4, options.actor.id],
    );
    const row = rows[0] as CredentialRow & { replaced: boolean };
    await recordAudit(tx, {
      actor: options.actor,
      action: 'credential_saved',
      requestId: options.requestId,
      detail: { name, kind: options.kind, replaced: row.replaced, keyId: key.id },
    });
    return toSummary(row);
  });
}

export async function deleteCredential(options: {
  db: SqlClient & { transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> };
  name: string;
  actor: AuditActor;
  requestId?: string;
}): Promise<boolean> {
  const name = checkCredentialName(options.name);
  return options.db.transaction(async (tx) => {
    const { rows } = await tx.query('DELETE FROM credentials WHERE name = $1 RETURNING name', [name]);
    if (rows.length) {
      await recordAudit(tx, {
        actor: options.actor,
        action: 'credential_deleted',
        requestId: options.requestId,
        detail: { name },
      });
    }
    return rows.length > 0;
  });
}

/** The plain value, for server-side use only (a connection test, the `vault:NAME` reference). */
export async function readCredential(options: { db: SqlClient; vault: CredentialVault; name: string }): Promise<string> {
  const name = checkCredentialName(options.name);
  const { rows } = await options.db.query<{ secret_envelope: string }>(
    'SELECT secret_envelope FROM credentials WHERE name = $1',
    [name],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`No credential is named "${name}".`, { name });
  return options.vault.open(row.secret_envelope, contextOf(name));
}

export async function recordCredentialTest(options: {
  db: SqlClient;
  name: string;
  ok: boolean;
  message: string;
}): Promise<void> {
  await options.db.query(
    'UPDATE credentials SET last_tested_at = now(), last_test_ok = $2, last_test_message = $3 WHERE name = $1',
    [checkCredentialName(options.name), options.ok, options.message.slice(0, 1000)],
  );
}

/**
 * Key rotation: every credential and TOTP secret opened with `oldKey` and sealed with
 * `newKey`, in one transaction (all or nothing), audited. Rows already under the new key are
 * left alone, so an interrupted rotation can simply be run again.
 */
export async function rotateVaultKey(options: {
  db: SqlClient & { transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> };
  oldKey: VaultKey;
  newKey: VaultKey;
  actor: AuditActor;
}): Promise<{ credentials: number; totpSecrets: number }> {
  const keys = [options.oldKey, options.newKey];
  const reseal = (envelope: string, context: string) =>
    envelopeKeyId(envelope) === options.newKey.id
      ? envelope
      : seal({ key: options.newKey, plaintext: open({ keys, envelope, context }), context });
  return options.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ name: string; secret_envelope: string }>(
      'SELECT name, secret_envelope FROM credentials ORDER BY name FOR UPDATE',
    );
    for (const row of rows) {
      await tx.query('UPDATE credentials SET secret_envelope = $2, key_id = $3 WHERE name = $1', [
        row.name,
        reseal(row.secret_envelope, contextOf(row.name)),
        options.newKey.id,
      ]);
    }
    const totpSecrets = await resealTotpSecrets({ db: tx, reseal });
    await recordAudit(tx, {
      actor: options.actor,
      action: 'vault_key_rotated',
      detail: { fromKeyId: options.oldKey.id, toKeyId: options.newKey.id, credentials: rows.length, totpSecrets },
    });
    return { credentials: rows.length, totpSecrets };
  });
}

/**
 * The `vault:NAME` secret source for the credential resolver (connectors/secrets): settings
 * files name a vault credential as `vault:NAME`, and the resolver reads it through this.
 * Null when no credential has the name; CredentialError when the vault has no key or
 * another key sealed it.
 */
export function vaultSecretSource(options: { db: SqlClient; vault: CredentialVault }): VaultSecretSource {
  return {
    read: (name) =>
      readCredential({ ...options, name }).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      }),
  };
}
