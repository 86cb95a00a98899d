import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { AppError } from '../errors';
import { logger } from '../logger';
import { rootFields } from '../security/operation-fields';

/**
 * One structured log line per GraphQL operation, with ids only: request id, viewer id and
 * role, operation name, root fields, duration and error codes. Never variables, documents,
 * answers or messages — those may hold student and parent names and emails (the audit log,
 * not the logs, keeps what was asked and returned).
 */
export function useRequestLog(): Plugin {
  return {
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const context = args.contextValue as unknown as GatewayContext;
          const errors = (result as ExecutionResult).errors ?? [];
          const operation = rootFields(args.document, args.operationName);
          logger.info(
            {
              requestId: context.requestId,
              viewer: context.viewer.id,
              role: context.viewer.role,
              operationName: operation.name,
              fields: operation.fields,
              durationMs: Math.round(performance.now() - started),
              errors: errors.map((error) => (error.originalError instanceof AppError ? error.originalError.code : 'ERROR')),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
