import { type AnyVariables, Client, type CombinedError, cacheExchange, type DocumentInput, fetchExchange } from '@urql/svelte';

/**
 * The browser's GraphQL client. It talks to this app's own /graphql endpoint, which forwards
 * to the gateway as the signed-in user: the browser never holds a gateway credential.
 */
export function createBrowserClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: { credentials: 'same-origin', headers: { accept: 'application/graphql-response+json, application/json' } },
  });
}

/** A GraphQL error in words for the screen, naming what to do where we can. */
export function describeGraphQLError(error: CombinedError | null | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'The web server could not reach the gateway. Check that it is running, then try again.';
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  if (code === 'UNAUTHENTICATED') return 'Your session has ended or the gateway did not accept it. Sign in again.';
  if (code === 'FORBIDDEN') return first?.message || 'Your role does not allow this.';
  if (code === 'STEP_UP_REQUIRED') return first?.message || 'Production data needs you to confirm your password first.';
  if (code === 'RATE_LIMITED' || code === 'TOO_MANY_REQUESTS')
    return first?.message || 'Too many requests: wait a moment and try again.';
  if (first?.message?.startsWith('Cannot query field')) {
    return `The gateway does not offer this yet (${first.message.replace(/^Cannot query field /, 'field ').replace(/\.$/, '')}).`;
  }
  return error.graphQLErrors.map((e) => e.message).join(' ') || error.message;
}

/** The gateway wants a recent re-authentication before production data (and says whether a TOTP code is part of it). */
export function stepUpRequired(error: CombinedError | null | undefined): { totpRequired: boolean } | null {
  const found = error?.graphQLErrors.find((e) => e.extensions?.code === 'STEP_UP_REQUIRED');
  return found ? { totpRequired: found.extensions?.totpRequired === true } : null;
}

export const isForbidden = (error: CombinedError | null | undefined) =>
  error?.graphQLErrors.some((e) => e.extensions?.code === 'FORBIDDEN') ?? false;

/** Runs one operation (get the client with getContextClient() at component init) and returns data or a readable error. */
export async function run<Data = unknown, Variables extends AnyVariables = AnyVariables>(
  client: Client,
  kind: 'query' | 'mutation',
  document: DocumentInput<Data, Variables>,
  variables: Variables,
): Promise<{ data: Data | null; error: string | null; forbidden: boolean }> {
  const result =
    kind === 'query'
      ? await client.query(document, variables, { requestPolicy: 'network-only' }).toPromise()
      : await client.mutation(document, variables).toPromise();
  return {
    data: (result.data as Data | undefined) ?? null,
    error: describeGraphQLError(result.error),
    forbidden: isForbidden(result.error),
  };
}

/**
 * Runs a GraphQL call; when the gateway asks for a step-up (production data), opens the
 * "Confirm it's you" dialog and, once confirmed, runs the call again.
 */
export async function withStepUp<R extends { error?: CombinedError | null }>(
  stepUp: { request(options: { totpRequired?: boolean }): Promise<boolean> },
  attempt: () => Promise<R>,
): Promise<R> {
  const first = await attempt();
  const needed = stepUpRequired(first.error);
  if (!needed || !(await stepUp.request(needed))) return first;
  return attempt();
}
