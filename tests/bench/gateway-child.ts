/**
 * Child process of the bench: the whole gateway (services, yoga app, node:http listener on
 * 127.0.0.1) for one district, so its memory can be measured apart from the bench. The
 * parent drives it over IPC: count statements and source reads, drop the source cache (the
 * next request re-reads the bundle: a cold run), stop.
 */
// Registers the diagnostics types before the gateway builds its schema (see that file).
import '@cdt/gateway/diagnostics/testing/gateway-schema';
import { createServer } from 'node:http';
import { createGateway } from '@cdt/gateway/app';
import { createApiToken } from '@cdt/gateway/auth/api-tokens';
import { createGatewayServices } from '@cdt/gateway/bootstrap';
import type { GatewayConfig } from '@cdt/gateway/config';
import type { RosterReader } from '@cdt/gateway/domain/roster';
import type { ChildReply, ChildRequest, ChildSettings, ChildStats } from './gateway-protocol';

const settings = JSON.parse(process.argv[2] ?? 'null') as ChildSettings;
const config: GatewayConfig = {
  bookmarked: { staging: settings.databaseUrl, production: settings.databaseUrl, statementTimeoutMs: 120_000 },
  settingsDir: settings.settingsDir,
  appDatabaseUrl: settings.appDatabaseUrl,
  dataDir: settings.dataDir,
  port: 0,
  host: '127.0.0.1',
  hubspot: { baseUrl: 'http://127.0.0.1:9' },
  aws: {},
  web: {},
};

const { services, close } = await createGatewayServices(config);

// ---- what a run reads: Bookmarked statements (the connector's hook) and source reader calls ----
let statements = 0;
const sourceReads = new Map<string, number>();
for (const database of [services.bookmarked.staging, services.bookmarked.production]) {
  database?.onStatement(() => {
    statements++;
  });
}
const countRead = (method: string) => sourceReads.set(method, (sourceReads.get(method) ?? 0) + 1);

/** The reader with every method call counted: one call is one read of the source (DataLoader batches included). */
function countingReader(reader: RosterReader): RosterReader {
  const wrap = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof property !== 'string') return value;
        if (property === 'scan' && value && typeof value === 'object') return wrap(value as object, 'scan.');
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          countRead(`${prefix}${property}`);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  return wrap(reader, '');
}

let dropSourceCache = false;
const sources = services.sources;
services.sources = {
  async readerFor(options) {
    // `refresh` is how the gateway re-reads a source: the bundle is parsed again.
    const refresh = options.refresh === true || dropSourceCache;
    dropSourceCache = false;
    return countingReader(await sources.readerFor({ ...options, refresh }));
  },
};

const { token } = await createApiToken({ db: services.appDatabase, name: 'bench', role: 'support' });
const gateway = createGateway({ services });
const server = createServer(gateway);
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;

function stats(): ChildStats {
  return {
    statements,
    sourceReads: Object.fromEntries(sourceReads),
    heapUsed: process.memoryUsage().heapUsed,
    rss: process.memoryUsage().rss,
  };
}

const reply = (message: ChildReply) => process.send?.(message);
process.on('message', async (request: ChildRequest) => {
  switch (request.type) {
    case 'reset-counters':
      statements = 0;
      sourceReads.clear();
      reply({ id: request.id, type: 'stats', stats: stats() });
      break;
    case 'stats':
      reply({ id: request.id, type: 'stats', stats: stats() });
      break;
    case 'drop-source-cache':
      dropSourceCache = true;
      reply({ id: request.id, type: 'ok' });
      break;
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      reply({ id: request.id, type: 'stats', stats: stats() });
      break;
    case 'stop':
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await close();
      reply({ id: request.id, type: 'ok' });
      // process.exit (not a natural exit) so --cpu-prof writes its profile and the IPC channel closes.
      setTimeout(() => process.exit(0), 50);
      break;
  }
});
reply({ id: 0, type: 'ready', url: `http://127.0.0.1:${port}/graphql`, token });
