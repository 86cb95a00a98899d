import { createServer } from 'node:http';
import { createGateway, type GatewayOptions } from './app';
import { createGatewayServices } from './bootstrap';
import { type GatewayConfig, readConfig } from './config';
import type { GatewayServices } from './context';
import { AppError } from './errors';
import { logger } from './logger';
import { checkBookmarkedDatabase } from './security/connection-safety';
import { startTracing } from './tracing';

/** Starts the gateway's HTTP listener. Returns a function that stops it and releases everything. */
export async function startGatewayServer(options: {
  config: GatewayConfig;
  /** Extra gateway options, decided once the services exist (the demo creates its token there). */
  prepare?: (services: GatewayServices) => Promise<Omit<GatewayOptions, 'services'>>;
  /** Warn when a Bookmarked user can write (off for the demo, whose embedded databases have one user). */
  checkBookmarkedPrivileges?: boolean;
}): Promise<{ url: string; services: Awaited<ReturnType<typeof createGatewayServices>>['services']; stop(): Promise<void> }> {
  const { config } = options;
  // Before anything opens a span: OpenTelemetry's SDK when OTEL_EXPORTER_OTLP_ENDPOINT or CDT_TRACING=on, else nothing.
  const tracing = await startTracing();
  if (tracing) logger.info({ tracesUrl: tracing.settings.url, serviceName: tracing.settings.serviceName }, 'tracing on');
  const { services, close } = await createGatewayServices(config);
  const gateway = createGateway({
    services,
    webSessionSecret: config.web.sessionSecret,
    oidcDefaultRole: config.web.oidcDefaultRole,
    ...(await options.prepare?.(services)),
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/graphql`;
  logger.info({ url, appDatabase: services.appDatabase.description }, 'gateway listening');
  // A Bookmarked user that can write is a misconfiguration: every query is read-only anyway, but say so loudly.
  for (const database of [services.bookmarked.staging, services.bookmarked.production]) {
    if (!database || options.checkBookmarkedPrivileges === false) continue;
    void checkBookmarkedDatabase(database).then((report) => {
      if (report.verdict === 'CAN_WRITE') {
        logger.warn(
          { environment: database.environment, user: report.user },
          'Bookmarked database user can WRITE: configure a read-only user',
        );
      }
    });
  }
  return {
    url,
    services,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
      await tracing?.stop();
    },
  };
}

/** `npm run gateway`: the gateway alone, configured from the environment (no demo). */
async function main() {
  const config = readConfig();
  const server = await startGatewayServer({ config });
  console.log(`GraphQL gateway: ${server.url}`);
  const shutdown = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`Could not start the gateway: ${error instanceof AppError ? error.message : String(error)}`);
    process.exit(1);
  });
}
