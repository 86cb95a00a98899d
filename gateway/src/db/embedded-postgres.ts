import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * A PGlite database served over the PostgreSQL wire protocol on 127.0.0.1, so the code that
 * talks to it is the same pg code that talks to a real server.
 */
export interface EmbeddedPostgres {
  db: PGlite;
  /** postgres:// URL of the socket server. */
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  // pg.Pool opens several connections; the socket server multiplexes them onto PGlite.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 32 });
  await server.start();
  const conn = server.getServerConn();
  return {
    db,
    url: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
