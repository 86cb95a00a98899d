import { WebRunsDocument, WebToolsDocument } from '@cdt/schema';
import { describeGraphQLError } from '$lib/graphql/client';
import { readHistoryFilter, runFilter } from '$lib/runs';
import type { PageServerLoad } from './$types';

const HISTORY_PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url }) => {
  const filter = readHistoryFilter(url.searchParams);
  const after = url.searchParams.get('after');
  const [runs, tools] = await Promise.all([
    locals.gateway
      .query(WebRunsDocument, { filter: runFilter(filter, locals.user?.id ?? null), first: HISTORY_PAGE_SIZE, after })
      .toPromise(),
    locals.gateway.query(WebToolsDocument, {}).toPromise(),
  ]);
  return {
    filter,
    after,
    runs: runs.data?.runs ?? null,
    tools: tools.data?.tools ?? [],
    error: describeGraphQLError(runs.error),
  };
};
