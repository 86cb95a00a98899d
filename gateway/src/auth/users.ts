import { hash, type Options, verify } from '@node-rs/argon2';
import type { Role } from '../context';
import type { SqlClient } from '../db/sql-client';
import { InputError } from '../errors';
import { ROLES } from './api-tokens';

/** The one message for every failed sign-in: it never says whether the user exists. */
export const WRONG_CREDENTIALS = 'Wrong username or password.';

export const MIN_PASSWORD_LENGTH = 10;

/** A user of the tool, as the web app and delegated sessions see it (never the hash). */
export interface AppUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

// Argon2id with OWASP's second recommended profile (m=19 MiB, t=2, p=1): about 20-40 ms a
// hash here, slow enough to make offline guessing expensive, fast enough for sign-in.
// `2` is Algorithm.Argon2id (a const enum that isolated modules cannot import).
const HASH_OPTIONS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@+-]{1,99}$/;

export const normalizeUsername = (username: string) => username.trim().toLowerCase();

let dummyHash: Promise<string> | null = null;
/** A real hash of nothing: verifying against it costs what a real check costs. */
const timingDummy = () => {
  dummyHash ??= hash('cdt-timing-dummy-password', HASH_OPTIONS);
  return dummyHash;
};

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  disabled_at: string | null;
};

const toUser = (row: UserRow): AppUser => ({ id: row.id, username: row.username, displayName: row.display_name, role: row.role });

function checkRole(role: string): Role {
  if (!ROLES.includes(role as Role)) throw new InputError(`Unknown role "${role}": expected one of ${ROLES.join(', ')}.`);
  return role as Role;
}

function checkUsername(raw: string): string {
  const username = normalizeUsername(raw);
  if (!USERNAME_PATTERN.test(username)) {
    throw new InputError(
      `Username "${raw}" is not valid: expected 2 to 100 characters, lowercase letters, digits and . _ @ + - (starting with a letter or digit).`,
    );
  }
  return username;
}

/** Creates a user with a password (argon2id). Usernames are case-insensitive and unique. */
export async function createUser(options: {
  db: SqlClient;
  username: string;
  password: string;
  role: string;
  displayName?: string;
}): Promise<AppUser> {
  const username = checkUsername(options.username);
  const role = checkRole(options.role);
  if (options.password.length < MIN_PASSWORD_LENGTH) {
    throw new InputError(`The password is too short: expected at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const passwordHash = await hash(options.password, HASH_OPTIONS);
  const { rows } = await options.db.query<UserRow>(
    `INSERT INTO app_users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING
     RETURNING id::text AS id, username, display_name, role, password_hash, disabled_at::text`,
    [username, options.displayName?.trim() || username, role, passwordHash],
  );
  const row = rows[0];
  if (!row) throw new InputError(`A user "${username}" already exists.`);
  return toUser(row);
}

/** Replaces a user's password (and re-enables nothing: a disabled user stays disabled). */
export async function setPassword(options: { db: SqlClient; username: string; password: string }): Promise<boolean> {
  if (options.password.length < MIN_PASSWORD_LENGTH) {
    throw new InputError(`The password is too short: expected at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const { rows } = await options.db.query('UPDATE app_users SET password_hash = $2 WHERE username = $1 RETURNING id', [
    normalizeUsername(options.username),
    await hash(options.password, HASH_OPTIONS),
  ]);
  return rows.length > 0;
}

export type PasswordCheck = { ok: true; user: AppUser } | { ok: false; message: typeof WRONG_CREDENTIALS };

/**
 * Checks a username and password. Unknown, disabled and password-less users cost one hash
 * verification like everyone else and get the same message, so neither the answer nor its
 * timing tells whether a username exists.
 */
export async function verifyPassword(options: { db: SqlClient; username: string; password: string }): Promise<PasswordCheck> {
  const username = normalizeUsername(options.username);
  const { rows } = username
    ? await options.db.query<UserRow>(
        `SELECT id::text AS id, username, display_name, role, password_hash, disabled_at::text
           FROM app_users WHERE username = $1`,
        [username],
      )
    : { rows: [] as UserRow[] };
  const row = rows[0];
  const usable = row?.password_hash && !row.disabled_at ? row : null;
  let matches = false;
  try {
    matches = await verify(usable?.password_hash ?? (await timingDummy()), options.password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    matches = false;
  }
  return usable && matches ? { ok: true, user: toUser(usable) } : { ok: false, message: WRONG_CREDENTIALS };
}

/**
 * The user an external identity (OIDC) stands for: the enabled row with that username (the
 * identity's email or preferred username), created on first sign-in with `defaultRole` and no
 * password. Null when the row exists but is disabled.
 */
export async function findOrCreateExternalUser(options: {
  db: SqlClient;
  username: string;
  displayName?: string;
  defaultRole: string;
}): Promise<AppUser | null> {
  const username = checkUsername(options.username);
  const role = checkRole(options.defaultRole);
  await options.db.query(
    `INSERT INTO app_users (username, display_name, role) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING`,
    [username, options.displayName?.trim() || username, role],
  );
  const { rows } = await options.db.query<UserRow>(
    `SELECT id::text AS id, username, display_name, role, password_hash, disabled_at::text FROM app_users WHERE username = $1`,
    [username],
  );
  const row = rows[0];
  return row && !row.disabled_at ? toUser(row) : null;
}

/** The enabled user with this id, or null (delegated sessions name users by id). */
export async function findActiveUser(options: { db: SqlClient; id: string }): Promise<AppUser | null> {
  if (!/^\d{1,18}$/.test(options.id)) return null;
  const { rows } = await options.db.query<UserRow>(
    `SELECT id::text AS id, username, display_name, role, password_hash, disabled_at::text
       FROM app_users WHERE id = $1::bigint AND disabled_at IS NULL`,
    [options.id],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export async function listUsers(options: { db: SqlClient }): Promise<(AppUser & { disabled: boolean; createdAt: string })[]> {
  const { rows } = await options.db.query<UserRow & { created_at: string }>(
    `SELECT id::text AS id, username, display_name, role, password_hash, disabled_at::text, created_at::text
       FROM app_users ORDER BY username`,
  );
  return rows.map((row) => ({ ...toUser(row), disabled: Boolean(row.disabled_at), createdAt: row.created_at }));
}

/** Disables (or re-enables) a user; a disabled user cannot sign in by any means. */
export async function setUserDisabled(options: { db: SqlClient; username: string; disabled: boolean }): Promise<boolean> {
  const { rows } = await options.db.query(
    `UPDATE app_users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END
      WHERE username = $1 RETURNING id`,
    [normalizeUsername(options.username), options.disabled],
  );
  return rows.length > 0;
}
