import {
  WebCredentialsDocument,
  type WebCredentialsQuery,
  WebProbeAppDatabaseDocument,
  WebProbeBookmarkedDocument,
  WebProbeHubSpotDocument,
  WebTestBookmarkedConnectionDocument,
  WebTestCredentialDocument,
  WebTestSourceDocument,
  WebToolAvailabilityDocument,
} from '@cdt/schema';
import type { Client, CombinedError } from '@urql/core';
import { describeGraphQLError } from '$lib/graphql/client';
import {
  CONNECTIONS_QUERY,
  type ConnectionNode,
  type ConnectionsData,
  isMissingField,
  TEST_CONNECTION_MUTATION,
  type TestConnectionData,
} from '$lib/graphql/proposed';
import type { Environment } from '$lib/types';

/**
 * The connections and credentials the tool uses, with a status each. From the gateway's
 * `connections` query when it has one; until then, probed through the fields that use them
 * (a district search for each Bookmarked database, the run history for the app database, a
 * ticket lookup for HubSpot, tool availability for each customer's source).
 */

export type ConnectionView = ConnectionNode & { probe: string | null };

const MAX_SOURCES = 25;
const codeOf = (error: CombinedError | undefined) => error?.graphQLErrors[0]?.extensions?.code as string | undefined;
const now = () => new Date().toISOString();

async function probeBookmarked(
  client: Client,
  environment: Environment,
): Promise<{ view: ConnectionView; customers: NonNullable<Customer>[] }> {
  const result = await client.query(WebProbeBookmarkedDocument, { environment }).toPromise();
  const code = codeOf(result.error);
  const base = {
    id: `bookmarked-${environment.toLowerCase()}`,
    kind: 'BOOKMARKED_DATABASE',
    name: `Bookmarked ${environment === 'PRODUCTION' ? 'production' : 'staging'} database`,
    environment,
    lastTestedAt: now(),
    neededBy: ['every diagnostic tool', 'district search'],
    probe: `bookmarked:${environment}`,
  };
  if (result.data) {
    const nodes = result.data.districts.nodes;
    return {
      view: {
        ...base,
        status: 'OK',
        configured: true,
        detail: `${result.data.districts.totalCount} districts readable (read-only)`,
        lastError: null,
      },
      customers: nodes.flatMap((n) =>
        n.customer
          ? [
              {
                districtId: n.id,
                districtName: n.name,
                environment: n.customer.environment ?? environment,
                customerId: n.customer.customerId,
                customerName: n.customer.customerName,
                sourceKind: n.customer.sourceKind,
              },
            ]
          : [],
      ),
    };
  }
  const missing = code === 'BOOKMARKED_NOT_CONFIGURED';
  return {
    view: {
      ...base,
      status: missing ? 'MISSING' : 'FAILING',
      configured: !missing,
      detail: missing ? `Set BOOKMARKED_${environment}_DATABASE_URL on the gateway.` : null,
      lastError: missing ? null : describeGraphQLError(result.error),
    },
    customers: [],
  };
}

type Customer = {
  districtId: string;
  districtName: string;
  environment: Environment;
  customerId: string;
  customerName: string | null;
  sourceKind: string;
} | null;

async function probeAppDatabase(client: Client): Promise<ConnectionView> {
  const result = await client.query(WebProbeAppDatabaseDocument, {}).toPromise();
  return {
    id: 'app-database',
    kind: 'APP_DATABASE',
    name: "The tool's own database",
    environment: null,
    status: result.data ? 'OK' : 'FAILING',
    configured: true,
    detail: result.data ? 'Users, tokens, run history and audit log' : null,
    lastTestedAt: now(),
    lastError: result.data ? null : describeGraphQLError(result.error),
    neededBy: ['sign-in', 'run history', 'saved comparisons'],
    probe: 'app-database',
  };
}

async function probeHubSpot(client: Client): Promise<ConnectionView> {
  const result = await client.query(WebProbeHubSpotDocument, {}).toPromise();
  const code = codeOf(result.error);
  const status = !result.error ? 'OK' : code === 'HUBSPOT_NOT_CONFIGURED' ? 'MISSING' : 'FAILING';
  return {
    id: 'hubspot',
    kind: 'HUBSPOT',
    name: 'HubSpot',
    environment: null,
    status,
    configured: status !== 'MISSING',
    detail:
      status === 'MISSING'
        ? 'Set HUBSPOT_ACCESS_TOKEN (or the OAuth app) on the gateway. Pasted ticket text works without it.'
        : status === 'OK'
          ? 'Ticket lookups answer'
          : null,
    lastTestedAt: now(),
    lastError: status === 'FAILING' ? describeGraphQLError(result.error) : null,
    neededBy: ['ticket lookups by link or number', 'notes posted to tickets'],
    probe: 'hubspot',
  };
}

async function probeSource(client: Client, customer: NonNullable<Customer>): Promise<ConnectionView> {
  const result = await client
    .query(WebToolAvailabilityDocument, { districtId: customer.districtId, environment: customer.environment })
    .toPromise();
  const availability = result.data?.tools[0]?.availability;
  return {
    id: `source:${customer.customerId}`,
    kind: 'SOURCE',
    name: `${customer.customerName ?? customer.customerId} — SIS source (${customer.sourceKind})`,
    environment: customer.environment,
    status: availability?.available ? 'UNTESTED' : availability ? 'MISSING' : 'FAILING',
    configured: availability?.available ?? false,
    detail: availability?.available ? `District #${customer.districtId}` : (availability?.reason ?? null),
    lastTestedAt: null,
    lastError: availability ? null : describeGraphQLError(result.error),
    neededBy: ['diagnostic tools for this district'],
    probe: `source:${customer.districtId}:${customer.environment}`,
  };
}

export async function loadConnections(client: Client): Promise<{ connections: ConnectionView[]; fromGateway: boolean }> {
  const listed = await client.query<ConnectionsData>(CONNECTIONS_QUERY, {}).toPromise();
  if (listed.data) return { connections: listed.data.connections.map((c) => ({ ...c, probe: null })), fromGateway: true };
  if (listed.error && !isMissingField(listed.error))
    throw new Error(describeGraphQLError(listed.error) ?? 'The gateway did not answer.');

  const [staging, production, app, hubspot] = await Promise.all([
    probeBookmarked(client, 'STAGING'),
    probeBookmarked(client, 'PRODUCTION'),
    probeAppDatabase(client),
    probeHubSpot(client),
  ]);
  const customers = new Map<string, NonNullable<Customer>>();
  for (const customer of [...staging.customers, ...production.customers]) {
    // A customer is tested in the environment its settings name, else the first it was seen in.
    const known = customers.get(customer.customerId);
    if (!known) customers.set(customer.customerId, customer);
  }
  const sources = await Promise.all([...customers.values()].slice(0, MAX_SOURCES).map((c) => probeSource(client, c)));
  return { connections: [staging.view, production.view, app, hubspot, ...sources], fromGateway: false };
}

export type StoredCredential = WebCredentialsQuery['credentials'][number];

/** The credential vault, for admins (values never leave the gateway: set, last 4, last test). Null for other roles. */
export async function loadCredentials(client: Client): Promise<StoredCredential[] | null> {
  const result = await client.query(WebCredentialsDocument, {}).toPromise();
  return result.data?.credentials ?? null;
}

export async function testVaultCredential(
  client: Client,
  name: string,
): Promise<{ status: ConnectionView['status']; message: string }> {
  const result = await client.mutation(WebTestCredentialDocument, { name }).toPromise();
  const tested = result.data?.testCredential;
  return tested
    ? { status: tested.ok ? 'OK' : 'FAILING', message: tested.message }
    : { status: 'FAILING', message: describeGraphQLError(result.error) ?? 'No answer.' };
}

/** "Test" for one connection: the gateway's testConnection, or the probe again (a source is read for real). */
export async function testConnection(
  client: Client,
  options: { id: string; probe: string | null },
): Promise<{ status: ConnectionView['status']; message: string }> {
  if (!options.probe) {
    const result = await client.mutation<TestConnectionData>(TEST_CONNECTION_MUTATION, { id: options.id }).toPromise();
    const tested = result.data?.testConnection;
    return tested
      ? { status: tested.status, message: tested.lastError ?? tested.detail ?? tested.status }
      : { status: 'FAILING', message: describeGraphQLError(result.error) ?? 'No answer.' };
  }
  const [kind, a, b] = options.probe.split(':');
  if (kind === 'source' && a && b) {
    const started = Date.now();
    const result = await client.query(WebTestSourceDocument, { districtId: a, environment: b as Environment }).toPromise();
    const schools = result.data?.district?.source?.schools;
    if (schools)
      return { status: 'OK', message: `Read ${schools.length} schools from the SIS source in ${Date.now() - started} ms.` };
    return { status: 'FAILING', message: describeGraphQLError(result.error) ?? 'The source did not answer.' };
  }
  if (kind === 'bookmarked' && (a === 'STAGING' || a === 'PRODUCTION')) {
    // Admins get the gateway's safety check (does the database role have write privileges?).
    const safety = await client.mutation(WebTestBookmarkedConnectionDocument, { environment: a }).toPromise();
    const report = safety.data?.testBookmarkedConnection;
    if (report) {
      const status = report.verdict === 'READ_ONLY' ? 'OK' : 'FAILING';
      return { status, message: [report.message, ...report.warnings].join(' ') };
    }
    const { view } = await probeBookmarked(client, a);
    return { status: view.status, message: view.lastError ?? view.detail ?? view.status };
  }
  const view = kind === 'hubspot' ? await probeHubSpot(client) : await probeAppDatabase(client);
  return { status: view.status, message: view.lastError ?? view.detail ?? view.status };
}
