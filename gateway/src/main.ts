import { isDemoConfig, readConfig } from './config';
import { startDemo } from './demo/start-demo';
import { AppError } from './errors';
import { startGatewayServer } from './server';

/**
 * `npm start`: the embedded demo when no Bookmarked database is configured, otherwise the
 * gateway with the environment's configuration.
 */
async function main() {
  const config = readConfig();
  if (!isDemoConfig(config)) {
    const server = await startGatewayServer({ config });
    console.log(`GraphQL gateway: ${server.url}`);
    onShutdown(() => server.stop());
    return;
  }
  const started = Date.now();
  const demo = await startDemo(config);
  const withSource = demo.districts.filter((d) => d.spec.source !== 'none');
  const faults = demo.districts.flatMap((d) => d.generated.plantedFaults.map((f) => ({ district: d.spec, fault: f })));
  console.log(`
Customer Data Tools demo is ready (${((Date.now() - started) / 1000).toFixed(1)} s).

${demo.web ? `  Web app:     ${demo.web.url}\n  Demo login:  ${demo.web.username} / ${demo.web.password}\n` : ''}  GraphiQL:    ${demo.url}
  Demo token:  ${demo.token}
               (send as "Authorization: Bearer <token>"; GraphiQL has it filled in)

Demo districts with SIS data:
${withSource.map((d) => `  ${d.spec.districtId}  ${d.spec.name} (OneRoster ${d.spec.oneRosterVersion} ${d.spec.source === 'csv-zip' ? 'zip' : 'CSV folder'}, ${d.generated.plantedFaults.length} planted faults)`).join('\n')}
  ... and ${demo.districts.length - withSource.length} Bookmarked-only districts for the district picker.
  SIS data is read from ${demo.sources.kind === 'csv' ? 'the CSV bundles' : demo.sources.kind === 'ftp' ? `an FTP drop (127.0.0.1:${demo.sources.ftpPort})` : 'OneRoster REST servers (1.1 OAuth 1.0a, 1.2 OAuth 2)'}; restart with DEMO_SOURCE=csv|ftp|rest to switch,
  or paste a settings file from ${demo.sources.variantsDir} into a customer (Customers → Edit). Uploads: the Uploads page.

A few planted faults to try:
${pickExamples(faults)
  .map(
    ({ district, fault }) =>
      `  [${district.districtId}] ${fault.tool} ${JSON.stringify(fault.input)} -> ${fault.expectedStatus} (${fault.kind})`,
  )
  .join('\n')}

${demo.hubspotTicketIds.length ? `\nA local HubSpot holds ${demo.hubspotTicketIds.length} demo tickets (ids ${demo.hubspotTicketIds[0]}..${demo.hubspotTicketIds.at(-1)}): try { ticket(ref: "${demo.hubspotTicketIds[0]}") { subject analysis { recommendations { tool confidence reasons prefill } } } }\n` : ''}
Press Ctrl+C to stop.`);
  onShutdown(() => demo.stop());
}

function pickExamples<T extends { fault: { kind: string } }>(faults: T[]): T[] {
  const seen = new Set<string>();
  return faults.filter(({ fault }) => !seen.has(fault.kind) && seen.add(fault.kind)).slice(0, 8);
}

function onShutdown(stop: () => Promise<void>) {
  const shutdown = () => void stop().finally(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error(`Could not start: port ${readConfig().port} is in use. Stop the other process or set GATEWAY_PORT.`);
    process.exit(1);
  }
  console.error(
    `Could not start: ${error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
