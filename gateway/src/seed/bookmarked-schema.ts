import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SqlClient } from '../db/sql-client';

/** The vendored copy of the platform's schema (shared/bookmarked/schema.sql, byte for byte). */
export const BOOKMARKED_SCHEMA_PATH = fileURLToPath(new URL('../../sql/bookmarked-schema.sql', import.meta.url));

/**
 * What loading the schema needs: pg (Pool or Client) runs a multi-statement string through
 * `query` without parameters (the simple query protocol); PGlite's `query` takes one
 * statement only, so its `exec` is used when present.
 */
export type SchemaClient = SqlClient & { exec?: (sql: string) => Promise<unknown> };

export async function readBookmarkedSchema(): Promise<string> {
  return readFile(BOOKMARKED_SCHEMA_PATH, 'utf8');
}

/** Creates the `bookmarked` schema and its tables in an empty database, from the file unchanged. */
export async function loadBookmarkedSchema(client: SchemaClient): Promise<void> {
  const sql = await readBookmarkedSchema();
  if (typeof client.exec === 'function') await client.exec(sql);
  else await client.query(sql);
}
