import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface GatewayEndpoint {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  /** An API token (`npm run cli -- token create ...`). */
  token: string;
  /** Default 5 minutes: the district report of a large district takes a while. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Sends one typed operation to the gateway and returns its typed data, or throws with the GraphQL errors. */
export async function executeTypedOperation<Result, Variables>(
  endpoint: GatewayEndpoint,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.token}` },
    body: JSON.stringify({ query: print(document), variables }),
    signal: AbortSignal.timeout(endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  // A GraphQL answer (errors included, 401 too) is JSON; anything else is not the gateway.
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    throw new Error(
      `${endpoint.url} answered HTTP ${response.status} without a GraphQL response: is this the gateway's /graphql address?`,
    );
  }
  const body = (await response.json()) as { data?: Result; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!response.ok || !body.data) throw new Error(`Gateway answered HTTP ${response.status}.`);
  return body.data;
}
