import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { DIAGNOSTIC_TOOLS } from '../diagnostics/registry';
import { RateLimitedError } from '../errors';
import { logger } from '../logger';
import { maskError } from '../schema/mask-error';
import { recordAudit } from '../security/audit-log';
import { rootFields } from '../security/operation-fields';
import type { RateLimits } from '../security/rate-limits';

/** Root fields that run an ad-hoc document. */
export const COMPARISON_FIELDS: ReadonlySet<string> = new Set(['compare', 'runSavedComparison']);

/**
 * Takes each operation's cost from the viewer's budgets before it executes: one operation,
 * plus one tool run per tool mutation field (aliases count: two aliased runs are two runs)
 * and one comparison per compare field. A spent budget refuses the whole operation with
 * RATE_LIMITED, `retryAfterSeconds` and HTTP 429 with Retry-After.
 */
export function useRateLimits(options: { limits: RateLimits }): Plugin {
  const toolNames = new Set(DIAGNOSTIC_TOOLS.map((tool) => tool.name));
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as unknown as GatewayContext;
      const { fields } = rootFields(args.document, args.operationName);
      const toolRuns = fields.filter((field) => toolNames.has(field)).length;
      const comparisons = fields.filter((field) => COMPARISON_FIELDS.has(field)).length;
      try {
        await options.limits.consume({ viewer: context.viewer, kind: 'operations' });
        await options.limits.consume({ viewer: context.viewer, kind: 'toolRuns', points: toolRuns });
        await options.limits.consume({ viewer: context.viewer, kind: 'comparisons', points: comparisons });
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        if (toolRuns || comparisons) {
          // Refused runs are worth a line in the audit log; refused plain queries would only flood it.
          await recordAudit(context.services.appDatabase, {
            actor: context.viewer,
            action: 'rate_limited',
            requestId: context.requestId,
            detail: { limit: error.details.limit, retryAfterSeconds: error.retryAfterSeconds, fields },
          }).catch((failure: unknown) =>
            logger.error({ err: failure, requestId: context.requestId }, 'could not audit a refusal'),
          );
        }
        // Execution stops here, before the error-masking plugin's hooks: the error is masked now.
        setResultAndStopExecution({ errors: [maskError(error, 'Too many requests.') as never] });
      }
    },
  };
}
