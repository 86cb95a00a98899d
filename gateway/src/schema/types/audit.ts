import { type AuditEntry, type AuditFilter, exportAuditCsv, listAuditEntries, recordAudit } from '../../security/audit-log';
import { builder } from '../builder';
import { EnvironmentEnum } from './enums';

/** The audit log, for admins: who read production, ran tools, signed in, changed credentials. */

const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry');
AuditEntryRef.implement({
  description: 'One audit log entry. Entries are never changed or deleted.',
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.exposeString('at', { description: 'ISO 8601, UTC.' }),
    actorId: t.exposeString('actorId', {
      description: 'user:ID, token:ID, cli, or for sign-in attempts the username tried.',
    }),
    actorName: t.exposeString('actorName', { nullable: true }),
    actorKind: t.exposeString('actorKind', { nullable: true, description: 'session, token, cli or anonymous.' }),
    action: t.exposeString('action', {
      description:
        'sign_in, sign_in_failed, sign_in_refused, step_up, step_up_failed, production_read, tool_run, compare_run, access_denied, rate_limited, credential_saved, credential_deleted, credential_tested, connection_tested, token_created, token_revoked, user_changed, sessions_revoked, totp_enrolled, totp_disabled, vault_key_rotated, settings_saved, audit_exported.',
    }),
    environment: t.field({
      type: EnvironmentEnum,
      nullable: true,
      resolve: (e) => (e.environment === 'staging' || e.environment === 'production' ? e.environment : null),
    }),
    districtId: t.exposeID('districtId', { nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    recordCount: t.exposeInt('recordCount', {
      nullable: true,
      description: 'Records the answer returned (ids in detail.recordIds).',
    }),
    detail: t.field({
      type: 'JSON',
      description: 'For reads: operationName, document, variables (secrets redacted), recordIds, errors.',
      resolve: (e) => e.detail,
    }),
  }),
});

const AuditEntryConnectionRef = builder
  .objectRef<{ nodes: AuditEntry[]; totalCount: number; hasNextPage: boolean; endCursor: string | null }>('AuditEntryConnection')
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [AuditEntryRef], resolve: (page) => page.nodes }),
      totalCount: t.exposeInt('totalCount', { description: 'Entries matching the filter, on every page.' }),
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next page.' }),
    }),
  });

const AuditLogFilterInput = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    actor: t.string({ required: false, description: 'An actor id (user:12, token:3) or a username tried at sign-in.' }),
    actions: t.stringList({ required: false }),
    environment: t.field({ type: EnvironmentEnum, required: false }),
    districtId: t.id({ required: false }),
    from: t.string({ required: false, description: 'ISO date or timestamp, inclusive.' }),
    to: t.string({ required: false, description: 'ISO date or timestamp, exclusive.' }),
    search: t.string({ required: false, description: 'Text anywhere in the detail: a sourcedId, an operation name.' }),
  }),
});

const toFilter = (filter: Record<string, unknown> | null | undefined): AuditFilter => ({
  ...(filter as AuditFilter | null),
  districtId: filter?.districtId ? String(filter.districtId) : null,
});

builder.queryFields((t) => ({
  auditLog: t.field({
    type: AuditEntryConnectionRef,
    description: 'The audit log, newest first (admins).',
    authScopes: { role: 'admin' },
    args: {
      filter: t.arg({ type: AuditLogFilterInput, required: false }),
      first: t.arg.int({ required: false, defaultValue: 50, description: 'At most 200.' }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) =>
      listAuditEntries(context.services.appDatabase, {
        filter: toFilter(args.filter),
        first: args.first ?? 50,
        after: args.after,
      }),
  }),
  auditLogCsv: t.field({
    type: 'String',
    description:
      'The entries the filter matches as CSV (newest first, at most 50,000; admins). Cells a spreadsheet would run as a formula start with an apostrophe. The export itself is audited.',
    authScopes: { role: 'admin' },
    args: {
      filter: t.arg({ type: AuditLogFilterInput, required: false }),
      limit: t.arg.int({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const filter = toFilter(args.filter);
      const csv = await exportAuditCsv(context.services.appDatabase, { filter, limit: args.limit ?? undefined });
      await recordAudit(context.services.appDatabase, {
        actor: context.viewer,
        action: 'audit_exported',
        requestId: context.requestId,
        detail: { filter, limit: args.limit ?? null },
      });
      return csv;
    },
  }),
}));
