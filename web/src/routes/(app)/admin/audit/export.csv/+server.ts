import { WebAuditActorsDocument, WebAuditLogCsvDocument } from '@cdt/schema';
import { error } from '@sveltejs/kit';
import { auditCsvFileName, auditLogFilter, readAuditFilter } from '$lib/admin';
import { describeGraphQLError } from '$lib/graphql/client';
import { assertAdmin } from '$lib/server/admin';
import type { RequestHandler } from './$types';

/**
 * The audit log as CSV, for the filter in the query string (the audit page's own filter). The
 * gateway writes it (formula cells neutralised, at most 50,000 rows) and audits the export.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  assertAdmin(locals);
  const filter = readAuditFilter(url.searchParams);
  const actors = await locals.gateway.query(WebAuditActorsDocument, {}).toPromise();
  const known = { users: actors.data?.users ?? [], tokens: actors.data?.apiTokens ?? [] };
  const result = await locals.gateway.query(WebAuditLogCsvDocument, { filter: auditLogFilter(filter, known) }).toPromise();
  const csv = result.data?.auditLogCsv;
  if (csv === undefined || csv === null) error(502, describeGraphQLError(result.error) ?? 'The gateway did not answer.');
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${auditCsvFileName()}"`,
      'cache-control': 'no-store',
    },
  });
};
