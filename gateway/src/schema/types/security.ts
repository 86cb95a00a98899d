import type { Role } from '../../context';
import { recordAudit } from '../../security/audit-log';
import { signOutEverywhere } from '../../security/authenticate';
import {
  assertRecentStepUp,
  assertSessionUser,
  PRODUCTION_ROLE,
  productionAccess,
  STEP_UP_MAX_AGE_SECONDS,
  stepUpExpiresAt,
} from '../../security/policy';
import { requestSecurity } from '../../security/request-security';
import { beginTotpEnrollment, confirmTotpEnrollment, disableTotp, verifyTotpCode } from '../../security/totp';
import {
  createAuditedToken,
  listManagedTokens,
  listManagedUsers,
  type ManagedToken,
  type ManagedUser,
  resetUserTotp,
  revokeAuditedToken,
  revokeUserSessions,
  setUserDisabledById,
  setUserRole,
} from '../../security/user-admin';
import { builder } from '../builder';

/**
 * Access: what the viewer may do now (the web app asks before showing production), the
 * viewer's own second factor and sessions, and for admins users and API tokens. Step-up
 * itself is an HTTP route only the web server calls (POST /auth/step-up, plugins/use-step-up.ts).
 */

const RoleEnum = builder.enumType('Role', {
  values: {
    VIEWER: { value: 'viewer' as const, description: 'Staging data only, read.' },
    SUPPORT: { value: 'support' as const, description: 'Staging and production diagnostics and queries.' },
    ADMIN: { value: 'admin' as const, description: 'Support, plus settings, credentials, users, tokens and the audit log.' },
  },
});

const iso = (unixSeconds: number | null) => (unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString());

interface ViewerSecurityModel {
  id: string;
  name: string;
  kind: string;
  role: Role;
  productionAccess: boolean;
  productionAccessReason: string | null;
  totpEnrolled: boolean;
  stepUpAt: string | null;
  stepUpExpiresAt: string | null;
}

const ViewerSecurityRef = builder.objectRef<ViewerSecurityModel>('ViewerSecurity').implement({
  description: 'Who the viewer is and whether production is open to them right now.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    kind: t.exposeString('kind', { description: 'session (a person in the web app) or token (automation).' }),
    role: t.field({ type: RoleEnum, resolve: (v) => v.role }),
    productionAccess: t.exposeBoolean('productionAccess', { description: 'Whether production data would be answered now.' }),
    productionAccessReason: t.exposeString('productionAccessReason', {
      nullable: true,
      description: 'Why not: ROLE (needs support or admin) or STEP_UP (re-authenticate: POST /auth/step-up via the web server).',
    }),
    totpEnrolled: t.exposeBoolean('totpEnrolled', { description: 'An authenticator code is part of every step-up.' }),
    stepUpAt: t.exposeString('stepUpAt', { nullable: true }),
    stepUpExpiresAt: t.exposeString('stepUpExpiresAt', { nullable: true }),
    stepUpMaxAgeSeconds: t.int({ resolve: () => STEP_UP_MAX_AGE_SECONDS }),
  }),
});

const TotpEnrollmentRef = builder.objectRef<{ secret: string; otpauthUri: string }>('TotpEnrollment').implement({
  description: 'Shown once: put it in an authenticator app (a QR code of otpauthUri), then confirm with a code.',
  fields: (t) => ({ secret: t.exposeString('secret'), otpauthUri: t.exposeString('otpauthUri') }),
});

const ManagedUserRef = builder.objectRef<ManagedUser>('AppUser').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role }),
    disabled: t.exposeBoolean('disabled'),
    totpEnrolled: t.exposeBoolean('totpEnrolled'),
    createdAt: t.exposeString('createdAt'),
  }),
});

const ApiTokenRef = builder.objectRef<ManagedToken>('ApiToken').implement({
  description: 'An API token, without the token (only its last four characters).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (k) => k.role }),
    hint: t.exposeString('hint', { description: 'The last four characters.' }),
    createdAt: t.exposeString('createdAt'),
    lastUsedAt: t.exposeString('lastUsedAt', { nullable: true }),
    revokedAt: t.exposeString('revokedAt', { nullable: true }),
  }),
});

const CreatedApiTokenRef = builder.objectRef<{ token: string; info: ManagedToken }>('CreatedApiToken').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Shown once: store it now. Send it as "Authorization: Bearer <token>".' }),
    info: t.field({ type: ApiTokenRef, resolve: (c) => c.info }),
  }),
});

builder.queryFields((t) => ({
  viewerSecurity: t.field({
    type: ViewerSecurityRef,
    description: 'The viewer, their role, and whether production is open to them now (and why not).',
    resolve: (_root, _args, context) => {
      const security = requestSecurity(context);
      const access = productionAccess(context.viewer, security.authentication, security.services.now());
      return {
        ...context.viewer,
        productionAccess: access.allowed,
        productionAccessReason: access.allowed ? null : access.reason,
        totpEnrolled: security.authentication.totpEnrolled,
        stepUpAt: iso(security.authentication.stepUpAt),
        stepUpExpiresAt: iso(stepUpExpiresAt(security.authentication)),
      };
    },
  }),
  users: t.field({
    type: [ManagedUserRef],
    description: 'Every user of the web app (admins).',
    authScopes: { role: 'admin' },
    resolve: (_root, _args, context) => listManagedUsers(context.services.appDatabase),
  }),
  apiTokens: t.field({
    type: [ApiTokenRef],
    description: 'Every API token, revoked ones included; never the tokens (admins).',
    authScopes: { role: 'admin' },
    resolve: (_root, _args, context) => listManagedTokens(context.services.appDatabase),
  }),
}));

builder.mutationFields((t) => ({
  beginTotpEnrollment: t.field({
    type: TotpEnrollmentRef,
    description:
      'Starts enrolling an authenticator app for the signed-in user (web sessions). Confirm with confirmTotpEnrollment.',
    authScopes: { sessionUser: true },
    resolve: (_root, _args, context) => {
      const userId = assertSessionUser(context.viewer, 'Authenticator enrolment');
      return beginTotpEnrollment({ db: context.services.appDatabase, vault: requestSecurity(context).services.vault, userId });
    },
  }),
  confirmTotpEnrollment: t.field({
    type: 'Boolean',
    description: 'Finishes enrolment with a 6-digit code from the app; false when the code does not match.',
    authScopes: { sessionUser: true },
    args: { code: t.arg.string({ required: true }) },
    resolve: async (_root, { code }, context) => {
      const userId = assertSessionUser(context.viewer, 'Authenticator enrolment');
      const db = context.services.appDatabase;
      const done = await confirmTotpEnrollment({ db, vault: requestSecurity(context).services.vault, userId, code });
      if (done)
        await recordAudit(db, {
          actor: context.viewer,
          action: 'totp_enrolled',
          requestId: context.requestId,
          detail: { userId },
        });
      return done;
    },
  }),
  disableTotp: t.field({
    type: 'Boolean',
    description: "Removes the signed-in user's authenticator; needs a current code from it. False when the code does not match.",
    authScopes: { sessionUser: true },
    args: { code: t.arg.string({ required: true }) },
    resolve: async (_root, { code }, context) => {
      const userId = assertSessionUser(context.viewer, 'Removing an authenticator');
      const db = context.services.appDatabase;
      if (!(await verifyTotpCode({ db, vault: requestSecurity(context).services.vault, userId, code }))) return false;
      await disableTotp({ db, userId });
      await recordAudit(db, {
        actor: context.viewer,
        action: 'totp_disabled',
        requestId: context.requestId,
        detail: { userId, by: 'self' },
      });
      return true;
    },
  }),
  signOutEverywhere: t.field({
    type: 'Boolean',
    description: 'Ends every session of the signed-in user, this one included (the web app then signs out here too).',
    authScopes: { sessionUser: true },
    resolve: async (_root, _args, context) => {
      const userId = assertSessionUser(context.viewer, 'Sign-out everywhere');
      const db = context.services.appDatabase;
      const done = await signOutEverywhere({ db, userId });
      await recordAudit(db, {
        actor: context.viewer,
        action: 'sessions_revoked',
        requestId: context.requestId,
        detail: { userId, by: 'self' },
      });
      return done;
    },
  }),
  signOutUserEverywhere: t.field({
    type: 'Boolean',
    description: 'Ends every session of a user (admins): a lost laptop, a departure.',
    authScopes: { role: 'admin' },
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      revokeUserSessions({
        db: context.services.appDatabase,
        viewer: context.viewer,
        userId: String(args.userId),
        requestId: context.requestId,
      }),
  }),
  resetUserTotp: t.field({
    type: 'Boolean',
    description: "Removes a user's authenticator so they can enrol a new one (admins).",
    authScopes: { role: 'admin' },
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      resetUserTotp({
        db: context.services.appDatabase,
        viewer: context.viewer,
        userId: String(args.userId),
        requestId: context.requestId,
      }),
  }),
  setUserRole: t.field({
    type: ManagedUserRef,
    description: `Changes a user's role (admins; not their own). Production needs ${PRODUCTION_ROLE} or admin.`,
    authScopes: { role: 'admin' },
    args: { userId: t.arg.id({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: (_root, args, context) =>
      (args.role === 'viewer' || assertRecentStepUp(context, `Giving the ${args.role} role`)) &&
      setUserRole({
        db: context.services.appDatabase,
        viewer: context.viewer,
        userId: String(args.userId),
        role: args.role,
        requestId: context.requestId,
      }),
  }),
  setUserDisabled: t.field({
    type: ManagedUserRef,
    description: 'Disables (or re-enables) a user: a disabled user cannot sign in, and their sessions stop at once (admins).',
    authScopes: { role: 'admin' },
    args: { userId: t.arg.id({ required: true }), disabled: t.arg.boolean({ required: true }) },
    resolve: (_root, args, context) =>
      setUserDisabledById({
        db: context.services.appDatabase,
        viewer: context.viewer,
        userId: String(args.userId),
        disabled: args.disabled,
        requestId: context.requestId,
      }),
  }),
  createApiToken: t.field({
    type: CreatedApiTokenRef,
    description: 'Creates an API token for automation (admins). The token is in this answer only. Audited.',
    authScopes: { role: 'admin' },
    args: { name: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: async (_root, args, context) => {
      if (args.role !== 'viewer') assertRecentStepUp(context, `Creating a ${args.role} token`);
      const db = context.services.appDatabase;
      const created = await createAuditedToken({
        db,
        actor: context.viewer,
        name: args.name,
        role: args.role,
        requestId: context.requestId,
      });
      const info = (await listManagedTokens(db)).find((token) => token.id === created.id) as ManagedToken;
      return { token: created.token, info };
    },
  }),
  revokeApiToken: t.field({
    type: 'Boolean',
    description: 'Revokes an API token at once; false when it was unknown or already revoked (admins). Audited.',
    authScopes: { role: 'admin' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      revokeAuditedToken({
        db: context.services.appDatabase,
        actor: context.viewer,
        id: String(args.id),
        requestId: context.requestId,
      }),
  }),
}));
