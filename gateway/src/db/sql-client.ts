/**
 * The smallest SQL surface both pg (Pool, Client) and PGlite satisfy, so that seeding,
 * migrations and the app database run the same PostgreSQL SQL on either.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}
