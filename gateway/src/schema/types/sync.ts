import type { SyncErrorRecord, SyncRunRecord } from '../../domain/roster';
import { builder } from '../builder';

export const SyncErrorRef = builder.objectRef<SyncErrorRecord>('SyncError');

SyncErrorRef.implement({
  description: 'A record the Bookmarked roster sync tried to import and rejected (sync_errors).',
  fields: (t) => ({
    id: t.exposeID('id'),
    syncRunId: t.exposeID('syncRunId'),
    entityType: t.exposeString('entityType', { description: 'org, user, class, enrollment or guardianship.' }),
    sourcedId: t.exposeString('sourcedId', { nullable: true }),
    message: t.exposeString('message'),
    createdAt: t.exposeString('createdAt'),
  }),
});

export const SyncRunRef = builder.objectRef<SyncRunRecord>('SyncRun');

SyncRunRef.implement({
  description: 'One nightly roster sync of the district into Bookmarked.',
  fields: (t) => ({
    id: t.exposeID('id'),
    source: t.exposeString('source'),
    status: t.exposeString('status'),
    startedAt: t.exposeString('startedAt'),
    finishedAt: t.exposeString('finishedAt', { nullable: true }),
  }),
});
