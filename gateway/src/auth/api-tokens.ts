import { createHash, randomBytes } from 'node:crypto';
import type { Role, Viewer } from '../context';
import type { SqlClient } from '../db/sql-client';
import { InputError } from '../errors';

export const ROLES: readonly Role[] = ['admin', 'support', 'viewer'];
const TOKEN_PREFIX = 'cdt_';

// Tokens are 256 random bits, so a fast hash is enough: nothing can be guessed from it.
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createApiToken(options: {
  db: SqlClient;
  name: string;
  role: string;
  createdBy?: string;
}): Promise<{ id: string; token: string; role: Role }> {
  const name = options.name.trim();
  if (!name) throw new InputError('A token needs a name (--name).');
  if (!ROLES.includes(options.role as Role)) {
    throw new InputError(`Unknown role "${options.role}": expected one of ${ROLES.join(', ')}.`);
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { rows } = await options.db.query<{ id: string }>(
    `INSERT INTO api_tokens (name, role, token_hash, token_hint, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
    [name, options.role, hashToken(token), token.slice(-4), options.createdBy ?? null],
  );
  return { id: rows[0]?.id as string, token, role: options.role as Role };
}

/** The viewer a bearer token stands for, or null when it is unknown or revoked. */
export async function verifyApiToken(options: { db: SqlClient; token: string }): Promise<Viewer | null> {
  if (!options.token.startsWith(TOKEN_PREFIX)) return null;
  const { rows } = await options.db.query<{ id: string; name: string; role: Role }>(
    `UPDATE api_tokens SET last_used_at = now()
      WHERE token_hash = $1 AND revoked_at IS NULL
      RETURNING id::text AS id, name, role`,
    [hashToken(options.token)],
  );
  const row = rows[0];
  return row ? { kind: 'token', id: `token:${row.id}`, name: row.name, role: row.role } : null;
}

export async function revokeApiToken(options: { db: SqlClient; id: string }): Promise<boolean> {
  const { rows } = await options.db.query(
    'UPDATE api_tokens SET revoked_at = now() WHERE id = $1::bigint AND revoked_at IS NULL RETURNING id',
    [options.id],
  );
  return rows.length > 0;
}

export async function listApiTokens(options: { db: SqlClient }) {
  const { rows } = await options.db.query<{
    id: string;
    name: string;
    role: Role;
    token_hint: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  }>(
    `SELECT id::text AS id, name, role, token_hint, created_at::text, last_used_at::text, revoked_at::text
       FROM api_tokens ORDER BY id`,
  );
  return rows;
}
