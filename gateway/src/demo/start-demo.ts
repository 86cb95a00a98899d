import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createApiToken } from '../auth/api-tokens';
import type { GatewayConfig } from '../config';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../db/embedded-postgres';
import type { SqlClient } from '../db/sql-client';
import { DEMO_DISTRICTS } from '../seed/demo-districts';
import { startGatewayServer } from '../server';
import { demoDir } from '../services/data-dirs';
import { demoHubSpotTickets, type LocalHubSpot, startLocalHubSpot } from '../testing/hubspot-server';
import { type ProvisionedDistrict, provisionDistricts } from './provision';

export interface RunningDemo {
  url: string;
  token: string;
  districts: ProvisionedDistrict[];
  /** Tickets the demo's local HubSpot holds (empty when a real HubSpot is configured). */
  hubspotTicketIds: string[];
  stop(): Promise<void>;
}

const DEMO_HUBSPOT_TOKEN = 'demo-private-app-token';

async function startDemoHubSpot(
  districts: readonly ProvisionedDistrict[],
): Promise<{ local: LocalHubSpot; accessToken: string; ticketIds: string[] }> {
  let firstTicketId = 5001;
  const tickets = districts
    .filter((d) => d.generated.plantedFaults.length > 0)
    .flatMap((d, i) => {
      const batch = demoHubSpotTickets({
        districtName: d.spec.name,
        calls: d.generated.plantedFaults.map((fault) => ({ tool: fault.tool, input: { ...fault.input } })),
        firstTicketId,
        companyId: String(9001 + i),
      });
      firstTicketId += batch.length;
      return batch;
    });
  const local = await startLocalHubSpot({ tickets, accessToken: DEMO_HUBSPOT_TOKEN });
  return { local, accessToken: DEMO_HUBSPOT_TOKEN, ticketIds: tickets.map((t) => t.id) };
}

/** PGlite speaks through a SqlClient for seeding: whole-file SQL via exec, the rest via query. */
function pgliteClient(db: PGlite): SqlClient & { exec(sql: string): Promise<unknown> } {
  return {
    query: async <Row>(text: string, params?: unknown[]) => ({ rows: (await db.query(text, params)).rows as Row[] }),
    exec: (sql: string) => db.exec(sql),
  };
}

/**
 * The embedded demo: Bookmarked staging and production as PGlite databases created from the
 * platform schema and seeded by the generator, OneRoster bundles and settings files for the
 * demo customers, and the gateway on top, all under `.data/demo`.
 */
export async function startDemo(config: GatewayConfig, log: (line: string) => void = console.log): Promise<RunningDemo> {
  const root = demoDir(config.dataDir);
  // Regenerated on every start: the generator is deterministic, so the demo is the same each time.
  await rm(root, { recursive: true, force: true });
  log('Starting the embedded demo: generating districts and loading Bookmarked staging and production...');
  const databases: EmbeddedPostgres[] = [];
  try {
    for (let i = 0; i < 2; i += 1) databases.push(await startEmbeddedPostgres());
    const [staging, production] = databases as [EmbeddedPostgres, EmbeddedPostgres];
    const settingsDir = path.join(root, 'customer-integration-settings');
    const districts = await provisionDistricts({
      specs: DEMO_DISTRICTS,
      bookmarked: [pgliteClient(staging.db), pgliteClient(production.db)],
      bundlesDir: path.join(root, 'bundles'),
      settingsDir,
    });
    // A local HubSpot with one ticket per planted fault, unless a real HubSpot is configured.
    const hubspot = config.hubspot.accessToken ? null : await startDemoHubSpot(districts);
    let token = '';
    const server = await startGatewayServer({
      config: {
        ...config,
        bookmarked: { ...config.bookmarked, staging: staging.url, production: production.url },
        settingsDir,
        hubspot: hubspot ? { ...config.hubspot, baseUrl: hubspot.local.url, accessToken: hubspot.accessToken } : config.hubspot,
      },
      prepare: async (services) => {
        token = (await createApiToken({ db: services.appDatabase, name: 'demo', role: 'admin', createdBy: 'demo' })).token;
        return { graphiqlExample: exampleFor(districts), graphiqlToken: token };
      },
    });
    return {
      url: server.url,
      token,
      districts,
      hubspotTicketIds: hubspot?.ticketIds ?? [],
      async stop() {
        await server.stop();
        await hubspot?.local.close();
        for (const database of databases) await database.close();
      },
    };
  } catch (error) {
    for (const database of databases) await database.close().catch(() => {});
    throw error;
  }
}

function exampleFor(districts: readonly ProvisionedDistrict[]) {
  const withFaults = districts.find((d) => d.generated.plantedFaults.length > 0) ?? districts[0];
  const fault = withFaults?.generated.plantedFaults.find((f) => f.kind === 'FIELD_MISMATCH' && f.tool === 'studentSearch');
  const studentName = fault && 'query' in fault.input ? String(fault.input.query) : 'Ana Lopez';
  return { districtId: String(withFaults?.spec.districtId ?? '1001'), studentName };
}
