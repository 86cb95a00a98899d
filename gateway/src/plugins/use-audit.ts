import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { DIAGNOSTIC_TOOLS } from '../diagnostics/registry';
import { AppError, AuditUnavailableError } from '../errors';
import { logger } from '../logger';
import { maskError } from '../schema/mask-error';
import { collectRecordIds, redactDocument, redactVariables } from '../security/audit-detail';
import { type AuditAction, recordAudit } from '../security/audit-log';
import { rootFields } from '../security/operation-fields';
import { requestSecurity } from '../security/request-security';
import { COMPARISON_FIELDS } from './use-rate-limits';

const DENIAL_CODES = new Set(['FORBIDDEN', 'STEP_UP_REQUIRED']);

/**
 * One audit row per operation that read production data (whatever route: a district query, a
 * tool, an ad-hoc document), ran a tool or a comparison (any environment), or was refused
 * access: who, when, the document and variables (secrets redacted), the districts, the ids of
 * every record the answer returned, the duration and the error codes.
 *
 * Production reads fail closed: when the row cannot be written, the answer is withheld
 * (AUDIT_UNAVAILABLE) — an unaccountable production read is not answered.
 */
export function useAudit(): Plugin {
  const toolNames = new Set(DIAGNOSTIC_TOOLS.map((tool) => tool.name));
  return {
    onExecute({ args }) {
      const started = performance.now();
      return {
        async onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return; // no subscriptions or @defer here
          const answer = result as ExecutionResult;
          const context = args.contextValue as unknown as GatewayContext;
          const { trail } = requestSecurity(context);
          const { fields, name } = rootFields(args.document, args.operationName);
          const denied = (answer.errors ?? [])
            .map((error) => ({ error: error.originalError, path: error.path?.join('.') ?? null }))
            .filter(
              (e): e is { error: AppError; path: string | null } => e.error instanceof AppError && DENIAL_CODES.has(e.error.code),
            )
            .map((e) => ({ code: e.error.code, path: e.path }));
          const action: AuditAction | null = fields.some((f) => toolNames.has(f))
            ? 'tool_run'
            : fields.some((f) => COMPARISON_FIELDS.has(f))
              ? 'compare_run'
              : trail.touchedProduction
                ? 'production_read'
                : denied.length
                  ? 'access_denied'
                  : null;
          if (!action) return;
          const records = collectRecordIds(answer.data ?? null);
          const districtIds = [...trail.districtIds];
          try {
            await recordAudit(context.services.appDatabase, {
              actor: context.viewer,
              action,
              environment: trail.touchedProduction ? 'production' : trail.environments.has('staging') ? 'staging' : null,
              districtId: districtIds.length === 1 ? districtIds[0] : null,
              requestId: context.requestId,
              durationMs: performance.now() - started,
              recordCount: records.ids.length,
              detail: {
                operationName: name,
                fields,
                document: redactDocument(args.document),
                variables: redactVariables(args.variableValues ?? {}),
                districtIds,
                recordIds: records.ids,
                ...(records.truncated ? { recordIdsTruncated: true } : {}),
                ...(denied.length ? { denied } : {}),
                errors: (answer.errors ?? []).map((error) =>
                  error.originalError instanceof AppError
                    ? error.originalError.code
                    : error instanceof GraphQLError && !error.originalError
                      ? 'GRAPHQL'
                      : 'INTERNAL',
                ),
              },
            });
          } catch (error) {
            logger.error({ err: error, requestId: context.requestId, action }, 'could not write the audit log');
            if (trail.touchedProduction) {
              setResult({
                errors: [
                  maskError(
                    new AuditUnavailableError(
                      'The audit log could not be written, so production data is not answered. Try again, or tell an administrator.',
                    ),
                    'Audit unavailable.',
                  ) as never,
                ],
              });
            }
          }
        },
      };
    },
  };
}
