import type { SqlClient } from '../db/sql-client';
import type { BookmarkedRows, GeneratedDistrict } from './district-model';

/**
 * Loads a generated district's Bookmarked rows into a database that has the Bookmarked schema
 * (see loadBookmarkedSchema). One `INSERT ... SELECT * FROM unnest($1::bigint[], ...)` per
 * batch: a handful of array parameters instead of thousands of placeholders, which both pg
 * and PGlite accept, and which loads a 200k-student district in well under two minutes.
 *
 * Not atomic (a pool cannot hold one transaction across calls): seed throwaway databases.
 * Several districts can share one database: their ids never overlap.
 */
export interface SeedBookmarkedOptions {
  client: SqlClient;
  district: Pick<GeneratedDistrict, 'bookmarked'>;
  /** Rows per INSERT; default 5,000. */
  batchSize?: number;
  /**
   * INSERTs of one table in flight at once; default 2, so building one batch's arrays
   * overlaps the server inserting another. A pg.Pool spreads them over connections; a single
   * connection or PGlite simply queues them.
   */
  concurrency?: number;
}

export const DEFAULT_SEED_BATCH_SIZE = 5_000;
export const DEFAULT_SEED_CONCURRENCY = 2;

interface TableSpec<Row> {
  table: string;
  columns: readonly (readonly [column: string, sqlType: string, value: (row: Row) => unknown])[];
}

type RowOf<K extends keyof BookmarkedRows> = BookmarkedRows[K] extends readonly (infer Row)[] ? Row : BookmarkedRows[K];

const TABLES: { [K in keyof BookmarkedRows]: TableSpec<RowOf<K>> } = {
  district: {
    table: 'bookmarked.districts',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['name', 'text', (row) => row.name],
      ['state', 'text', (row) => row.state],
      ['sis_provider', 'text', (row) => row.sisProvider],
    ],
  },
  schools: {
    table: 'bookmarked.schools',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['district_id', 'bigint', (row) => row.districtId],
      ['sourced_id', 'text', (row) => row.sourcedId],
      ['name', 'text', (row) => row.name],
      ['school_code', 'text', (row) => row.schoolCode],
      ['deleted_at', 'timestamptz', (row) => row.deletedAt],
    ],
  },
  users: {
    table: 'bookmarked.users',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['district_id', 'bigint', (row) => row.districtId],
      ['role', 'text', (row) => row.role],
      ['sourced_id', 'text', (row) => row.sourcedId],
      ['identifier', 'text', (row) => row.identifier],
      ['given_name', 'text', (row) => row.givenName],
      ['family_name', 'text', (row) => row.familyName],
      ['email', 'text', (row) => row.email],
      ['grade', 'text', (row) => row.grade],
      ['deleted_at', 'timestamptz', (row) => row.deletedAt],
    ],
  },
  userSchools: {
    table: 'bookmarked.user_schools',
    columns: [
      ['user_id', 'bigint', (row) => row.userId],
      ['school_id', 'bigint', (row) => row.schoolId],
      ['deleted_at', 'timestamptz', (row) => row.deletedAt],
    ],
  },
  guardianships: {
    table: 'bookmarked.guardianships',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['parent_id', 'bigint', (row) => row.parentId],
      ['student_id', 'bigint', (row) => row.studentId],
      ['origin', 'text', (row) => row.origin],
      ['deleted_at', 'timestamptz', (row) => row.deletedAt],
    ],
  },
  classes: {
    table: 'bookmarked.classes',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['school_id', 'bigint', (row) => row.schoolId],
      ['sourced_id', 'text', (row) => row.sourcedId],
      ['title', 'text', (row) => row.title],
      ['class_code', 'text', (row) => row.classCode],
      ['deleted_at', 'timestamptz', (row) => row.deletedAt],
    ],
  },
  enrollments: {
    table: 'bookmarked.enrollments',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['class_id', 'bigint', (row) => row.classId],
      ['user_id', 'bigint', (row) => row.userId],
      ['role', 'text', (row) => row.role],
      ['sourced_id', 'text', (row) => row.sourcedId],
      ['begin_date', 'date', (row) => row.beginDate],
      ['end_date', 'date', (row) => row.endDate],
      ['deleted_at', 'timestamptz', (row) => row.deletedAt],
    ],
  },
  syncRuns: {
    table: 'bookmarked.sync_runs',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['district_id', 'bigint', (row) => row.districtId],
      ['source', 'text', (row) => row.source],
      ['status', 'text', (row) => row.status],
      ['started_at', 'timestamptz', (row) => row.startedAt],
      ['finished_at', 'timestamptz', (row) => row.finishedAt],
    ],
  },
  syncErrors: {
    table: 'bookmarked.sync_errors',
    columns: [
      ['id', 'bigint', (row) => row.id],
      ['sync_run_id', 'bigint', (row) => row.syncRunId],
      ['entity_type', 'text', (row) => row.entityType],
      ['sourced_id', 'text', (row) => row.sourcedId],
      ['message', 'text', (row) => row.message],
      ['created_at', 'timestamptz', (row) => row.createdAt],
    ],
  },
};

/** Foreign keys decide the order. */
const LOAD_ORDER = [
  'district',
  'schools',
  'users',
  'userSchools',
  'guardianships',
  'classes',
  'enrollments',
  'syncRuns',
  'syncErrors',
] as const;

export type SeededRowCounts = Record<(typeof LOAD_ORDER)[number], number>;

export async function seedBookmarked(options: SeedBookmarkedOptions): Promise<SeededRowCounts> {
  const batchSize = options.batchSize ?? DEFAULT_SEED_BATCH_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_SEED_CONCURRENCY;
  for (const [name, value] of [
    ['batchSize', batchSize],
    ['concurrency', concurrency],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`seedBookmarked: ${name} must be a positive integer, got ${value}`);
  }
  const counts = {} as SeededRowCounts;
  for (const key of LOAD_ORDER) {
    const value = options.district.bookmarked[key];
    const rows = (Array.isArray(value) ? value : [value]) as readonly unknown[];
    // A table's batches may run side by side; the next table waits for all of them (foreign keys).
    await insertRows({ client: options.client, spec: TABLES[key] as TableSpec<unknown>, rows, batchSize, concurrency });
    counts[key] = rows.length;
  }
  return counts;
}

async function insertRows(options: {
  client: SqlClient;
  spec: TableSpec<unknown>;
  rows: readonly unknown[];
  batchSize: number;
  concurrency: number;
}): Promise<void> {
  const { client, spec, rows, batchSize } = options;
  const columnList = spec.columns.map(([column]) => column).join(', ');
  const arrays = spec.columns.map(([, sqlType], index) => `$${index + 1}::${sqlType}[]`).join(', ');
  const sql = `INSERT INTO ${spec.table} (${columnList}) SELECT * FROM unnest(${arrays})`;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rows.length) {
      const batch = rows.slice(next, next + batchSize);
      next += batchSize;
      await client.query(
        sql,
        spec.columns.map(([, , value]) => batch.map(value)),
      );
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}
