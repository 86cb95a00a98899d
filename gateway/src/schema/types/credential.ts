import { NotFoundError } from '../../errors';
import { recordAudit } from '../../security/audit-log';
import {
  type ConnectionSafetyReport,
  checkBookmarkedDatabase,
  checkConnectionString,
  type WritableTable,
} from '../../security/connection-safety';
import {
  type CredentialSummary,
  credentialSummary,
  deleteCredential,
  listCredentials,
  readCredential,
  recordCredentialTest,
  saveCredential,
} from '../../security/credentials';
import { assertRecentStepUp } from '../../security/policy';
import { requestSecurity } from '../../security/request-security';
import { bookmarkedDatabaseFor } from '../../services/roster-views';
import { builder } from '../builder';
import { EnvironmentEnum } from './enums';

/**
 * The credential vault (admins) and connection safety checks. A saved value never comes back:
 * a credential shows that it is set, its last four characters and when it was last tested.
 * Settings files refer to a credential as `vault:NAME`.
 */

const CredentialKindEnum = builder.enumType('CredentialKind', {
  values: {
    DATABASE_URL: { value: 'database_url' as const, description: 'A postgres:// URL (tested for write privileges).' },
    API_SECRET: { value: 'api_secret' as const, description: 'An API secret (OneRoster, ClassLink).' },
    HUBSPOT_TOKEN: { value: 'hubspot_token' as const },
    PASSWORD: { value: 'password' as const, description: 'An FTP or other password.' },
    OTHER: { value: 'other' as const },
  },
});

const StoredCredentialRef = builder.objectRef<CredentialSummary>('StoredCredential');
StoredCredentialRef.implement({
  description: 'A credential in the vault: never its value.',
  fields: (t) => ({
    name: t.exposeString('name'),
    reference: t.string({ description: 'How a settings file names it.', resolve: (c) => `vault:${c.name}` }),
    kind: t.field({ type: CredentialKindEnum, resolve: (c) => c.kind }),
    description: t.exposeString('description', { nullable: true }),
    set: t.boolean({ description: 'Always true: a listed credential has a value.', resolve: () => true }),
    last4: t.exposeString('last4', {
      nullable: true,
      description: 'The last four characters, for values of at least 12 characters.',
    }),
    keyId: t.exposeString('keyId', { description: 'Which vault key sealed it (a fingerprint, not the key).' }),
    createdAt: t.exposeString('createdAt'),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.exposeString('updatedAt'),
    updatedBy: t.exposeString('updatedBy'),
    lastTestedAt: t.exposeString('lastTestedAt', { nullable: true }),
    lastTestOk: t.exposeBoolean('lastTestOk', { nullable: true }),
    lastTestMessage: t.exposeString('lastTestMessage', { nullable: true }),
  }),
});

const ConnectionVerdictEnum = builder.enumType('ConnectionVerdict', {
  values: {
    READ_ONLY: { description: 'The role can read the Bookmarked tables and write none of them.' },
    CAN_WRITE: { description: 'The role can write (privileges, superuser, CREATE): give the gateway a read-only role.' },
    UNREACHABLE: { description: 'No connection: see message.' },
  } as const,
});

const WritableTableRef = builder.objectRef<WritableTable>('WritableTable').implement({
  fields: (t) => ({ table: t.exposeString('table'), privileges: t.exposeStringList('privileges') }),
});

const ConnectionSafetyReportRef = builder.objectRef<ConnectionSafetyReport & { checkedAt: string }>('ConnectionSafetyReport');
ConnectionSafetyReportRef.implement({
  description: "Whether a Bookmarked connection's role can write: checked privileges, not only the transaction mode.",
  fields: (t) => ({
    verdict: t.field({ type: ConnectionVerdictEnum, resolve: (r) => r.verdict }),
    message: t.exposeString('message'),
    warnings: t.exposeStringList('warnings'),
    user: t.exposeString('user', { nullable: true }),
    superuser: t.exposeBoolean('superuser'),
    canCreateRoles: t.exposeBoolean('canCreateRoles'),
    canCreateInSchema: t.exposeBoolean('canCreateInSchema'),
    defaultTransactionReadOnly: t.exposeBoolean('defaultTransactionReadOnly', { nullable: true }),
    writableTables: t.field({ type: [WritableTableRef], resolve: (r) => r.writableTables }),
    tablesChecked: t.exposeInt('tablesChecked'),
    durationMs: t.exposeInt('durationMs'),
    checkedAt: t.exposeString('checkedAt'),
  }),
});

const CredentialTestRef = builder
  .objectRef<{ name: string; ok: boolean; message: string; connection: (ConnectionSafetyReport & { checkedAt: string }) | null }>(
    'CredentialTest',
  )
  .implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      ok: t.exposeBoolean('ok', { description: 'False when it cannot connect, or when a database user can write.' }),
      message: t.exposeString('message'),
      connection: t.field({ type: ConnectionSafetyReportRef, nullable: true, resolve: (r) => r.connection }),
    }),
  });

const SaveCredentialInput = builder.inputType('SaveCredentialInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Lowercase letters, digits, ".", "_", "-"; settings name it vault:NAME.' }),
    kind: t.field({ type: CredentialKindEnum, required: true }),
    value: t.string({ required: true, description: 'The secret. It is sealed at once and never returned.' }),
    description: t.string({ required: false }),
  }),
});

builder.queryFields((t) => ({
  credentials: t.field({
    type: [StoredCredentialRef],
    description: 'Credentials in the vault (admins): names, kinds, last four characters, tests. Never values.',
    authScopes: { role: 'admin' },
    resolve: (_root, _args, context) => listCredentials(context.services.appDatabase),
  }),
}));

builder.mutationFields((t) => ({
  saveCredential: t.field({
    type: StoredCredentialRef,
    description:
      'Seals a credential in the vault (new, or replacing one of the same name). Audited; the value is never returned.',
    authScopes: { role: 'admin' },
    args: { input: t.arg({ type: SaveCredentialInput, required: true }) },
    resolve: (_root, { input }, context) =>
      assertRecentStepUp(context, 'Saving a credential') &&
      saveCredential({
        db: context.services.appDatabase,
        vault: requestSecurity(context).services.vault,
        name: input.name,
        kind: input.kind,
        value: input.value,
        description: input.description,
        actor: context.viewer,
        requestId: context.requestId,
      }),
  }),
  deleteCredential: t.field({
    type: 'Boolean',
    description: 'Removes a credential; false when there was none. Audited.',
    authScopes: { role: 'admin' },
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, { name }, context) =>
      assertRecentStepUp(context, 'Deleting a credential') &&
      deleteCredential({ db: context.services.appDatabase, name, actor: context.viewer, requestId: context.requestId }),
  }),
  testCredential: t.field({
    type: CredentialTestRef,
    description:
      'Tests a credential: a database URL connects read-only and checks that its role cannot write. Other kinds have no automatic test yet. Audited.',
    authScopes: { role: 'admin' },
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_root, { name }, context) => {
      const db = context.services.appDatabase;
      const summary = await credentialSummary(db, name);
      if (!summary) throw new NotFoundError(`No credential is named "${name}".`, { name });
      let result: {
        name: string;
        ok: boolean;
        message: string;
        connection: (ConnectionSafetyReport & { checkedAt: string }) | null;
      };
      if (summary.kind === 'database_url') {
        const url = await readCredential({ db, vault: requestSecurity(context).services.vault, name: summary.name });
        const report = await checkConnectionString(url);
        result = {
          name: summary.name,
          ok: report.verdict === 'READ_ONLY',
          message: report.message,
          connection: { ...report, checkedAt: new Date().toISOString() },
        };
      } else {
        result = {
          name: summary.name,
          ok: true,
          message: `No automatic test for ${summary.kind} credentials yet; it is set.`,
          connection: null,
        };
      }
      await recordCredentialTest({ db, name: summary.name, ok: result.ok, message: result.message });
      await recordAudit(db, {
        actor: context.viewer,
        action: 'credential_tested',
        requestId: context.requestId,
        detail: { name: summary.name, ok: result.ok, verdict: result.connection?.verdict ?? null },
      });
      return result;
    },
  }),
  testBookmarkedConnection: t.field({
    type: ConnectionSafetyReportRef,
    description:
      'Checks the configured Bookmarked database of an environment: connects, and warns loudly when its role can write (table privileges, superuser, CREATE), not only when transactions are read-write. Admins; audited.',
    authScopes: { role: 'admin' },
    args: { environment: t.arg({ type: EnvironmentEnum, required: true }) },
    resolve: async (_root, { environment }, context) => {
      const report = await checkBookmarkedDatabase(bookmarkedDatabaseFor(context.services.bookmarked, environment));
      await recordAudit(context.services.appDatabase, {
        actor: context.viewer,
        action: 'connection_tested',
        environment,
        requestId: context.requestId,
        detail: { verdict: report.verdict, user: report.user, warnings: report.warnings },
      });
      return { ...report, checkedAt: new Date().toISOString() };
    },
  }),
}));
