import { createApiToken, listApiTokens, ROLES, revokeApiToken } from '../auth/api-tokens';
import type { Role, Viewer } from '../context';
import type { SqlClient } from '../db/sql-client';
import { InputError, NotFoundError } from '../errors';
import { type AuditActor, recordAudit } from './audit-log';
import { signOutEverywhere } from './authenticate';
import { disableTotp } from './totp';

/**
 * What an admin does to users and API tokens from the web app, each change audited. The CLI
 * (`user …`, `token …`) stays for bootstrapping the first admin.
 */
export interface ManagedUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  totpEnrolled: boolean;
  createdAt: string;
}

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  totp: boolean;
  created_at: string;
};

const USER_COLUMNS = `id::text AS id, username, display_name, role, disabled_at IS NOT NULL AS disabled, totp_secret IS NOT NULL AS totp,
  created_at::text AS created_at`;

const toUser = (row: UserRow): ManagedUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  disabled: row.disabled,
  totpEnrolled: row.totp,
  createdAt: row.created_at,
});

const checkUserId = (id: string) => {
  if (!/^\d{1,18}$/.test(id)) throw new InputError(`userId: expected a user id (digits), found "${id.slice(0, 40)}".`);
  return id;
};

export async function listManagedUsers(db: SqlClient): Promise<ManagedUser[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_users ORDER BY username`);
  return rows.map(toUser);
}

/** Admins cannot lock themselves out: another admin must demote or disable them. */
function refuseSelf(viewer: Viewer, userId: string, what: string) {
  if (viewer.kind === 'session' && viewer.id === `user:${userId}`) {
    throw new InputError(`You cannot ${what} your own account: ask another admin.`);
  }
}

export async function setUserRole(options: { db: SqlClient; viewer: Viewer; userId: string; role: string; requestId?: string }) {
  const userId = checkUserId(options.userId);
  if (!ROLES.includes(options.role as Role))
    throw new InputError(`Unknown role "${options.role}": expected one of ${ROLES.join(', ')}.`);
  refuseSelf(options.viewer, userId, 'change the role of');
  const { rows: before } = await options.db.query<{ role: Role }>('SELECT role FROM app_users WHERE id = $1::bigint', [userId]);
  const { rows } = await options.db.query<UserRow>(
    `UPDATE app_users SET role = $2 WHERE id = $1::bigint RETURNING ${USER_COLUMNS}`,
    [userId, options.role],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`No user has id ${userId}.`, { userId });
  await recordAudit(options.db, {
    actor: options.viewer,
    action: 'user_changed',
    requestId: options.requestId,
    detail: { userId, change: 'role', from: before[0]?.role ?? null, to: options.role },
  });
  return toUser(row);
}

export async function setUserDisabledById(options: {
  db: SqlClient;
  viewer: Viewer;
  userId: string;
  disabled: boolean;
  requestId?: string;
}) {
  const userId = checkUserId(options.userId);
  refuseSelf(options.viewer, userId, 'disable');
  const { rows } = await options.db.query<UserRow>(
    `UPDATE app_users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END
      WHERE id = $1::bigint RETURNING ${USER_COLUMNS}`,
    [userId, options.disabled],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`No user has id ${userId}.`, { userId });
  await recordAudit(options.db, {
    actor: options.viewer,
    action: 'user_changed',
    requestId: options.requestId,
    detail: { userId, change: options.disabled ? 'disabled' : 'enabled' },
  });
  return toUser(row);
}

export async function revokeUserSessions(options: { db: SqlClient; viewer: Viewer; userId: string; requestId?: string }) {
  const userId = checkUserId(options.userId);
  const done = await signOutEverywhere({ db: options.db, userId });
  if (done) {
    await recordAudit(options.db, {
      actor: options.viewer,
      action: 'sessions_revoked',
      requestId: options.requestId,
      detail: { userId },
    });
  }
  return done;
}

export async function resetUserTotp(options: { db: SqlClient; viewer: Viewer; userId: string; requestId?: string }) {
  const userId = checkUserId(options.userId);
  const done = await disableTotp({ db: options.db, userId });
  if (done) {
    await recordAudit(options.db, {
      actor: options.viewer,
      action: 'totp_disabled',
      requestId: options.requestId,
      detail: { userId, by: 'admin' },
    });
  }
  return done;
}

export interface ManagedToken {
  id: string;
  name: string;
  role: Role;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listManagedTokens(db: SqlClient): Promise<ManagedToken[]> {
  return (await listApiTokens({ db })).map((t) => ({
    id: t.id,
    name: t.name,
    role: t.role,
    hint: t.token_hint,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  }));
}

/** Creates a token (shown once, to the caller) and audits it — never the token itself. */
export async function createAuditedToken(options: {
  db: SqlClient;
  actor: AuditActor;
  name: string;
  role: string;
  requestId?: string;
}) {
  const created = await createApiToken({ db: options.db, name: options.name, role: options.role, createdBy: options.actor.id });
  await recordAudit(options.db, {
    actor: options.actor,
    action: 'token_created',
    requestId: options.requestId,
    detail: { tokenId: created.id, name: options.name.trim(), role: created.role, hint: created.token.slice(-4) },
  });
  return created;
}

export async function revokeAuditedToken(options: { db: SqlClient; actor: AuditActor; id: string; requestId?: string }) {
  if (!/^\d{1,18}$/.test(options.id))
    throw new InputError(`id: expected a token id (digits), found "${options.id.slice(0, 40)}".`);
  const revoked = await revokeApiToken({ db: options.db, id: options.id });
  if (revoked) {
    await recordAudit(options.db, {
      actor: options.actor,
      action: 'token_revoked',
      requestId: options.requestId,
      detail: { tokenId: options.id },
    });
  }
  return revoked;
}
