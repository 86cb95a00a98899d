import {
  type WebConnectionFragment,
  WebConnectionsDocument,
  WebCredentialsDocument,
  type WebCredentialsQuery,
  WebTestConnectionDocument,
  WebTestCredentialDocument,
} from '@cdt/schema';
import type { Client } from '@urql/core';
import { describeGraphQLError, isForbidden } from '$lib/graphql/client';

/**
 * The connections and credentials the tool uses, with a status each, from the gateway's
 * `connections` query (support and admins); admins test them with `testConnection`.
 */

export type ConnectionView = WebConnectionFragment;
export type ConnectionStatus = ConnectionView['status'];

export async function loadConnections(
  client: Client,
): Promise<{ connections: ConnectionView[]; forbidden: boolean; error: string | null }> {
  const result = await client.query(WebConnectionsDocument, {}).toPromise();
  if (result.data) return { connections: result.data.connections, forbidden: false, error: null };
  return {
    connections: [],
    forbidden: isForbidden(result.error),
    error: describeGraphQLError(result.error) ?? 'The gateway did not answer.',
  };
}

export type StoredCredential = WebCredentialsQuery['credentials'][number];

/** The credential vault, for admins (values never leave the gateway: set, last 4, last test). Null for other roles. */
export async function loadCredentials(client: Client): Promise<StoredCredential[] | null> {
  const result = await client.query(WebCredentialsDocument, {}).toPromise();
  return result.data?.credentials ?? null;
}

export async function testVaultCredential(client: Client, name: string): Promise<{ status: ConnectionStatus; message: string }> {
  const result = await client.mutation(WebTestCredentialDocument, { name }).toPromise();
  const tested = result.data?.testCredential;
  return tested
    ? { status: tested.ok ? 'OK' : 'FAILING', message: tested.message }
    : { status: 'FAILING', message: describeGraphQLError(result.error) ?? 'No answer.' };
}

/** "Test" for one connection (admins): the gateway tries it and answers with its new state. */
export async function testConnection(
  client: Client,
  id: string,
): Promise<{ status: ConnectionStatus; message: string; connection: ConnectionView | null }> {
  const result = await client.mutation(WebTestConnectionDocument, { id }).toPromise();
  const tested = result.data?.testConnection;
  if (!tested) return { status: 'FAILING', message: describeGraphQLError(result.error) ?? 'No answer.', connection: null };
  const message =
    tested.lastError ?? (tested.status === 'OK' ? `Working. ${tested.detail ?? ''}`.trim() : (tested.detail ?? tested.status));
  return { status: tested.status, message, connection: tested };
}
