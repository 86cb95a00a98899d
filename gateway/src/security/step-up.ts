import { verifyPassword } from '../auth/users';
import type { SqlClient } from '../db/sql-client';
import type { CredentialVault } from './credential-vault';
import { verifyTotpCode } from './totp';

/**
 * Step-up: a signed-in user proves again who they are before reading production. A user
 * with a password enters it; a user without one (OIDC) re-authenticates at the identity
 * provider and the web server attests it (`reauthenticated: true`, in a request only the web
 * server can sign). An enrolled authenticator's code is always required on top.
 */
export type StepUpResult =
  | { ok: true; stepUpAt: number }
  | { ok: false; reason: 'credentials' | 'totp_required' | 'totp' | 'reauthentication_required' };

type StepUpRow = { username: string; has_password: boolean; totp: boolean };

export async function performStepUp(options: {
  db: SqlClient;
  vault: CredentialVault;
  userId: string;
  password?: string | null;
  /** The web server re-authenticated the user at the identity provider just now (password-less users only). */
  reauthenticated?: boolean;
  totpCode?: string | null;
  now?: Date;
}): Promise<StepUpResult> {
  const { db, userId } = options;
  const { rows } = await db.query<StepUpRow>(
    `SELECT username, password_hash IS NOT NULL AS has_password, totp_secret IS NOT NULL AS totp
       FROM app_users WHERE id = $1::bigint AND disabled_at IS NULL`,
    [userId],
  );
  const user = rows[0];
  if (!user) return { ok: false, reason: 'credentials' };
  if (user.has_password) {
    if (!options.password) return { ok: false, reason: 'credentials' };
    const check = await verifyPassword({ db, username: user.username, password: options.password });
    if (!check.ok || check.user.id !== userId) return { ok: false, reason: 'credentials' };
  } else if (!options.reauthenticated) {
    return { ok: false, reason: 'reauthentication_required' };
  }
  if (user.totp) {
    if (!options.totpCode) return { ok: false, reason: 'totp_required' };
    if (!(await verifyTotpCode({ db, vault: options.vault, userId, code: options.totpCode, now: options.now }))) {
      return { ok: false, reason: 'totp' };
    }
  }
  const { rows: updated } = await db.query<{ at: number }>(
    'UPDATE app_users SET last_step_up_at = now() WHERE id = $1::bigint RETURNING extract(epoch FROM last_step_up_at)::float8 AS at',
    [userId],
  );
  return { ok: true, stepUpAt: Math.floor(updated[0]?.at ?? Date.now() / 1000) };
}
