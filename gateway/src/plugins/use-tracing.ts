import { SpanKind, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import { currentRequestId } from '../request-context';
import { rootFields } from '../security/operation-fields';
import { continuedContext, inSpan } from '../tracing';

/**
 * One span per GraphQL operation (`graphql.operation`, renamed `query StudentSearch` once the
 * document is parsed), parent of the diagnostic, Bookmarked and source spans it causes, and
 * child of the caller's span when the request came with a `traceparent` (use-request-id.ts
 * keeps it in the request scope). No-op unless tracing.ts registered an SDK. Attributes:
 * operation type and name, root fields and the request id; never the document or variables.
 */
export function useTracing(): Plugin {
  return {
    instrumentation: {
      operation: (_payload, wrapped) =>
        inSpan(
          'graphql.operation',
          { kind: SpanKind.SERVER, attributes: { 'cdt.request_id': currentRequestId() ?? '' } },
          wrapped,
          continuedContext(),
        ),
    },
    onExecute({ args }) {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      const operation = rootFields(args.document, args.operationName);
      span.updateName(`${operation.operation ?? 'operation'}${operation.name ? ` ${operation.name}` : ''}`);
      span.setAttributes({
        'graphql.operation.type': operation.operation ?? '',
        'graphql.operation.name': operation.name ?? '',
        'cdt.graphql.fields': operation.fields,
      });
    },
  };
}
