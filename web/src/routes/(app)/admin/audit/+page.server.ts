import { WebAuditActorsDocument, WebAuditLogDocument } from '@cdt/schema';
import { auditLogFilter, readAuditFilter } from '$lib/admin';
import { describeGraphQLError } from '$lib/graphql/client';
import { assertAdmin } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

const AUDIT_PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
  assertAdmin(locals);
  const filter = readAuditFilter(url.searchParams);
  const after = url.searchParams.get('after');
  const actors = await locals.gateway.query(WebAuditActorsDocument, {}).toPromise();
  const known = { users: actors.data?.users ?? [], tokens: actors.data?.apiTokens ?? [] };
  const log = await locals.gateway
    .query(WebAuditLogDocument, { filter: auditLogFilter(filter, known), first: AUDIT_PAGE_SIZE, after })
    .toPromise();
  return {
    filter,
    after,
    actors: known,
    log: log.data?.auditLog ?? null,
    error: describeGraphQLError(log.error),
  };
};
