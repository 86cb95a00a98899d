import { WebRunsDocument, WebSavedComparisonsDocument } from '@cdt/schema';
import { describeGraphQLError } from '$lib/graphql/client';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:saved-comparisons');
  const [saved, mine] = await Promise.all([
    locals.gateway.query(WebSavedComparisonsDocument, {}).toPromise(),
    locals.gateway
      .query(WebRunsDocument, { filter: { kind: 'COMPARE', actorId: locals.user ? `user:${locals.user.id}` : null }, first: 5 })
      .toPromise(),
  ]);
  return {
    saved: saved.data?.savedComparisons ?? [],
    savedError: describeGraphQLError(saved.error),
    myRuns: mine.data?.runs.nodes ?? [],
  };
};
