import {
  type Connection,
  type ConnectionTest,
  listConnections,
  testConnectionAudited,
  testCustomerConnectionAudited,
} from '../../services/connections';
import { builder } from '../builder';
import { EnvironmentEnum } from './enums';

/**
 * The connections the tool uses and their tests. Never a secret: details name hosts, users
 * and the settings fields holding references; resolved secrets are masked out of messages.
 */

export const ConnectionStatusEnum = builder.enumType('ConnectionStatus', {
  values: {
    OK: { description: 'Answered its last check.' },
    MISSING: { description: 'Not configured: see detail for what to set.' },
    FAILING: { description: 'Configured but its last check failed: see lastError.' },
    UNTESTED: { description: 'Configured, not tested yet.' },
  } as const,
});

export const ConnectionTestRef = builder.objectRef<ConnectionTest>('ConnectionTest').implement({
  description:
    "One test of a customer's source, step by step (bundle read, FTP connect/login/list/download, API reach/authenticate/read).",
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    status: t.field({ type: ConnectionStatusEnum, resolve: (r) => r.status }),
    message: t.exposeString('message', { description: 'What failed and where, or what was read.' }),
    checkedAt: t.exposeString('checkedAt'),
    durationMs: t.exposeInt('durationMs'),
    details: t.exposeStringList('details', { description: 'One line per step: "connect: ok — …".' }),
  }),
});

export const ConnectionRef = builder.objectRef<Connection>('Connection').implement({
  description: 'A connection the tool uses, with its state. Never a secret.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'bookmarked-staging, bookmarked-production, app-database, hubspot, source:<customerId>',
    }),
    kind: t.exposeString('kind', { description: 'BOOKMARKED_DATABASE | APP_DATABASE | HUBSPOT | SOURCE' }),
    name: t.exposeString('name'),
    environment: t.field({ type: EnvironmentEnum, nullable: true, resolve: (c) => c.environment }),
    status: t.field({ type: ConnectionStatusEnum, resolve: (c) => c.status }),
    configured: t.exposeBoolean('configured'),
    detail: t.exposeString('detail', {
      nullable: true,
      description: 'e.g. postgres bookmarked_ro@db.staging:5432/bookmarked (no password)',
    }),
    lastTestedAt: t.exposeString('lastTestedAt', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    neededBy: t.exposeStringList('neededBy', { description: 'What stops working without it: tool names, ticket lookups…' }),
  }),
});

builder.queryFields((t) => ({
  connections: t.field({
    type: [ConnectionRef],
    description:
      'The connections the tool uses, with their state (support and admins): the databases are pinged, the rest show their last test. Never a secret.',
    authScopes: { role: 'support' },
    resolve: (_root, _args, context) => listConnections(context),
  }),
}));

builder.mutationFields((t) => ({
  testConnection: t.field({
    type: ConnectionRef,
    description:
      'Tests one connection by id: a Bookmarked database is checked for write privileges, HubSpot answers a lookup, a source is tried as the tools would. Admins; audited.',
    authScopes: { role: 'admin' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => testConnectionAudited(context, String(id)),
  }),
  testCustomerConnection: t.field({
    type: ConnectionTestRef,
    description:
      "Tries the customer's source as the tools would (bundle, FTP listing, OAuth token); never returns a secret. Admins; audited.",
    authScopes: { role: 'admin' },
    args: { customerId: t.arg.string({ required: true }) },
    resolve: (_root, { customerId }, context) => testCustomerConnectionAudited(context, customerId),
  }),
}));
