import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

/**
 * Limits on the shape of a GraphQL document (graphql-armor), checked at parse and validation,
 * before anything runs. The limits are generous for every document the web app, the tools and
 * the benchmarks send (hardening.spec.ts checks the repository's documents against them) and
 * stop depth bombs (students → parents → students → …), alias bombs and huge documents.
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

export function useHardening(): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, exposeLimits: false, errorMessage: refusal('nests too deep'), flattenFragments: true },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, exposeLimits: false, errorMessage: refusal('has too many aliases') },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, exposeLimits: false, errorMessage: refusal('is too long') },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, exposeLimits: false, errorMessage: refusal('has too many directives') },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, exposeLimits: false, errorMessage: refusal('would cost too much'), flattenFragments: true },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}
