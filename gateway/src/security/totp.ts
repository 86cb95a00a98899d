import { generateSecret, generateURI, verify } from 'otplib';
import type { SqlClient } from '../db/sql-client';
import { InputError } from '../errors';
import type { CredentialVault } from './credential-vault';

/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s — what authenticator apps use). The
 * secret is a vault envelope in app_users; a code is accepted once (the time step it matched
 * is remembered, so a seen code cannot be replayed) and within ±30 s of the gateway's clock.
 */
export const TOTP_ISSUER = 'Customer Data Tools';
export const TOTP_TOLERANCE_SECONDS = 30;
const CODE_PATTERN = /^\d{6}$/;

const secretContext = (userId: string) => `totp:${userId}`;
const pendingContext = (userId: string) => `totp-pending:${userId}`;

/** The time step a code matches, or null. Malformed codes and clock oddities are a plain "no". */
async function matchCode(options: {
  secret: string;
  code: string;
  afterTimeStep?: number | null;
  now?: Date;
}): Promise<number | null> {
  const code = options.code.replace(/\s+/g, '');
  if (!CODE_PATTERN.test(code)) return null;
  try {
    const result = await verify({
      secret: options.secret,
      token: code,
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(options.afterTimeStep != null ? { afterTimeStep: options.afterTimeStep } : {}),
      ...(options.now ? { epoch: Math.floor(options.now.getTime() / 1000) } : {}),
    });
    // The TOTP strategy's answer carries the matched time step (an HOTP answer would not).
    return result.valid && 'timeStep' in result && typeof result.timeStep === 'number' ? result.timeStep : null;
  } catch {
    return null;
  }
}

type TotpRow = {
  username: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | null;
};

async function totpRow(db: SqlClient, userId: string): Promise<TotpRow> {
  const { rows } = await db.query<TotpRow>(
    'SELECT username, totp_secret, totp_pending_secret, totp_last_step::text FROM app_users WHERE id = $1::bigint AND disabled_at IS NULL',
    [userId],
  );
  const row = rows[0];
  if (!row) throw new InputError(`No active user has id ${userId}.`);
  return row;
}

/**
 * Starts enrolment: a new secret, kept (sealed) as pending until a code from the app confirms
 * it. The secret and its otpauth:// URI are shown once, to the user enrolling.
 */
export async function beginTotpEnrollment(options: {
  db: SqlClient;
  vault: CredentialVault;
  userId: string;
}): Promise<{ secret: string; otpauthUri: string }> {
  const row = await totpRow(options.db, options.userId);
  if (row.totp_secret) throw new InputError('An authenticator is already enrolled: disable it first to enrol another.');
  const secret = generateSecret();
  const envelope = await options.vault.seal(secret, pendingContext(options.userId));
  await options.db.query('UPDATE app_users SET totp_pending_secret = $2 WHERE id = $1::bigint', [options.userId, envelope]);
  return { secret, otpauthUri: generateURI({ issuer: TOTP_ISSUER, label: row.username, secret }) };
}

/** Confirms enrolment with a code from the app; false when the code does not match. */
export async function confirmTotpEnrollment(options: {
  db: SqlClient;
  vault: CredentialVault;
  userId: string;
  code: string;
  now?: Date;
}): Promise<boolean> {
  const row = await totpRow(options.db, options.userId);
  if (!row.totp_pending_secret) throw new InputError('No authenticator enrolment is in progress: start one first.');
  const secret = await options.vault.open(row.totp_pending_secret, pendingContext(options.userId));
  const step = await matchCode({ secret, code: options.code, now: options.now });
  if (step === null) return false;
  await options.db.query(
    `UPDATE app_users SET totp_secret = $2, totp_pending_secret = NULL, totp_enabled_at = now(), totp_last_step = $3
      WHERE id = $1::bigint`,
    [options.userId, await options.vault.seal(secret, secretContext(options.userId)), step],
  );
  return true;
}

/**
 * Checks a code for an enrolled user and uses it up: the same code (time step) is refused
 * afterwards, also when two requests race (the step only moves forward, in one UPDATE).
 */
export async function verifyTotpCode(options: {
  db: SqlClient;
  vault: CredentialVault;
  userId: string;
  code: string;
  now?: Date;
}): Promise<boolean> {
  const row = await totpRow(options.db, options.userId);
  if (!row.totp_secret) return false;
  const secret = await options.vault.open(row.totp_secret, secretContext(options.userId));
  const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
  const step = await matchCode({ secret, code: options.code, afterTimeStep: lastStep, now: options.now });
  if (step === null) return false;
  const { rows } = await options.db.query(
    `UPDATE app_users SET totp_last_step = $2
      WHERE id = $1::bigint AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
    [options.userId, step],
  );
  return rows.length > 0;
}

/** Removes the user's authenticator (the user with a valid code, or an admin resetting a lost phone). */
export async function disableTotp(options: { db: SqlClient; userId: string }): Promise<boolean> {
  const { rows } = await options.db.query(
    `UPDATE app_users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
      WHERE id = $1::bigint RETURNING id`,
    [options.userId],
  );
  return rows.length > 0;
}

/** Re-seals every TOTP secret under a new key (vault key rotation), inside the caller's transaction. */
export async function resealTotpSecrets(options: {
  db: SqlClient;
  reseal: (envelope: string, context: string) => string;
}): Promise<number> {
  const { rows } = await options.db.query<{ id: string; totp_secret: string | null; totp_pending_secret: string | null }>(
    `SELECT id::text AS id, totp_secret, totp_pending_secret FROM app_users
      WHERE totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL FOR UPDATE`,
  );
  for (const row of rows) {
    await options.db.query('UPDATE app_users SET totp_secret = $2, totp_pending_secret = $3 WHERE id = $1::bigint', [
      row.id,
      row.totp_secret ? options.reseal(row.totp_secret, secretContext(row.id)) : null,
      row.totp_pending_secret ? options.reseal(row.totp_pending_secret, pendingContext(row.id)) : null,
    ]);
  }
  return rows.length;
}
