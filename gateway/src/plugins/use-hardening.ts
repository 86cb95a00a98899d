import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Limits on the shape of a GraphQL document (graphql-armor), checked at parse and validation,
 * before anything runs. The limits are generous for every document the web app, the tools and
 * the benchmarks send (tests/security/graphql-limits.spec.ts sends the repository's documents) and
 * stop depth bombs (students → parents → students → …), alias bombs and huge documents. The
 * biggest document of the web app costs about 1,900 and nests 8 deep (side-by-side.graphql).
 * graphql-armor's cost multiplies a list's cost by a literal `first`/`last` argument, so a
 * search with `first: 500` costs about 5,500: the cost limit leaves room for that and
 * refuses wide, deep selections under large literal pages.
 *
 * Refusals name the kind of limit but never its value: a caller probing the gateway learns
 * nothing to tune against. Introspection is exempt from depth and cost (GraphiQL's own query
 * is deep), but only signed-in callers get that far (use-authentication.ts).
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5_000,
  maxDirectives: 50,
  maxCost: 50_000,
} as const;

const refusal = (what: string) => `Query validation error: the query ${what}. Split it into smaller queries.`;

export function useHardening(): Plugin[] {
  return [armor(), useNoNulCharacters()];
}

/**
 * Refuses documents and variables holding a NUL character: PostgreSQL text cannot hold one, so
 * such a value could only fail deep inside a query; it is refused as bad input at the door.
 */
function useNoNulCharacters(): Plugin {
  return {
    onParams({ params, setResult }) {
      if (!hasNul(params.query) && !hasNul(params.variables)) return;
      setResult({
        errors: [
          new GraphQLError('Text inputs cannot contain NUL characters (U+0000).', {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          }),
        ],
      });
    },
  };
}

const NUL = String.fromCharCode(0);

/** Whether any string in a value (keys included) holds a NUL character. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (value === null || typeof value !== 'object' || depth > 50) return false;
  if (Array.isArray(value)) return value.some((item) => hasNul(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes(NUL) || hasNul(item, depth + 1));
}

function armor(): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: {
      n: GRAPHQL_LIMITS.maxDepth,
      exposeLimits: false,
      errorMessage: refusal('nests too deep'),
      flattenFragments: true,
    },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, exposeLimits: false, errorMessage: refusal('has too many aliases') },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, exposeLimits: false, errorMessage: refusal('is too long') },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, exposeLimits: false, errorMessage: refusal('has too many directives') },
    costLimit: {
      maxCost: GRAPHQL_LIMITS.maxCost,
      exposeLimits: false,
      errorMessage: refusal('would cost too much'),
      flattenFragments: true,
    },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}
