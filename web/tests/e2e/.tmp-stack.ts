// TEMPORARY (delete before handing over): startStack with the diagnostics schema registered,
// until gateway/src/schema/index.ts imports the diagnostic types.
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createYoga } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { builder } from '../../../gateway/src/schema/builder';
try { builder.mutationType({}); } catch {}
import '../../../gateway/src/schema/types/enums';
import '../../../gateway/src/schema/types/person';
import '../../../gateway/src/schema/types/student';
import '../../../gateway/src/schema/types/parent';
import '../../../gateway/src/schema/types/teacher';
import '../../../gateway/src/schema/types/guardian-link';
import '../../../gateway/src/schema/types/school';
import '../../../gateway/src/schema/types/class';
import '../../../gateway/src/schema/types/enrollment';
import '../../../gateway/src/schema/types/sync';
import '../../../gateway/src/schema/types/roster-view';
import '../../../gateway/src/schema/types/district';
import '../../../gateway/src/schema/types/ticket';
import '../../../gateway/src/schema/types/diagnostic';
import '../../../gateway/src/schema/types/comparison';
import '../../../gateway/src/schema/types/run-history';
import { maskError } from '../../../gateway/src/schema/mask-error';
import { createGatewayServices } from '../../../gateway/src/bootstrap';
import { createRequestRosters } from '../../../gateway/src/services/roster-views';
import { verifyApiToken, createApiToken } from '../../../gateway/src/auth/api-tokens';
import { sessionTokenFromHeader, verifyDelegatedSession } from '../../../gateway/src/auth/delegated-session';
import { createUser } from '../../../gateway/src/auth/users';
import { useWebAuth } from '../../../gateway/src/plugins/use-web-auth';
import { provisionDistricts } from '../../../gateway/src/demo/provision';
import { createTestDatabase } from '../../../gateway/src/testing/test-database';
import { E2E_BUILD, ensureBuilt, STACK_DISTRICTS } from './stack';
import { PASSWORD, USERS, WEB_DIR } from './constants';

export async function startStack(options: { log?: (l: string) => void; webPort?: number } = {}) {
  await ensureBuilt(options.log);
  const schema = builder.toSchema({ sortSchema: true });
  const database = await createTestDatabase({ prefix: 'cdt_webe2e' });
  const workDir = mkdtempSync(path.join(tmpdir(), 'cdt-webe2e-'));
  const setup = new pg.Client({ connectionString: database.url });
  await setup.connect();
  const districts = await provisionDistricts({ specs: STACK_DISTRICTS, bookmarked: [setup], bundlesDir: path.join(workDir, 'b'), settingsDir: path.join(workDir, 's') });
  await setup.end();
  const { services, close } = await createGatewayServices({
    bookmarked: { staging: database.url, production: database.url }, settingsDir: path.join(workDir, 's'), appDatabaseUrl: database.url,
    dataDir: path.join(workDir, 'data'), port: 0, host: '127.0.0.1', hubspot: { baseUrl: 'http://127.0.0.1:9' }, aws: {},
  });
  const secret = randomBytes(32).toString('base64url');
  for (const user of Object.values(USERS)) await createUser({ db: services.appDatabase, username: user.username, password: PASSWORD, role: user.role, displayName: user.name });
  const tokens: Record<string, string> = {};
  for (const role of ['admin', 'support', 'viewer'] as const) tokens[role] = (await createApiToken({ db: services.appDatabase, name: role, role })).token;
  const yoga = createYoga({
    schema, graphqlEndpoint: '/graphql', landingPage: false,
    maskedErrors: { maskError: (e, m) => maskError(e, m) },
    plugins: [useWebAuth({ db: services.appDatabase, secret })],
    context: async ({ request }) => {
      const header = request.headers.get('authorization');
      const session = sessionTokenFromHeader(header);
      let viewer = session ? verifyDelegatedSession({ token: session, secret }) : null;
      if (!viewer) { const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1]; if (bearer) viewer = await verifyApiToken({ db: services.appDatabase, token: bearer }); }
      if (!viewer) throw new GraphQLError('Sign in first.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      return { requestId: randomUUID(), viewer, services, rosters: createRequestRosters({ bookmarked: services.bookmarked, sources: services.sources }) };
    },
  });
  const server = createServer(yoga);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const gwPort = (server.address() as { port: number }).port;
  const gatewayUrl = `http://127.0.0.1:${gwPort}/graphql`;
  const port = 3200 + Math.floor(Math.random() * 500);
  const webUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [E2E_BUILD], { cwd: WEB_DIR, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: webUrl, GATEWAY_URL: gatewayUrl, WEB_SESSION_SECRET: secret, AUTH_SECRET: randomBytes(32).toString('base64url') } });
  for (let i = 0; i < 100; i++) { try { await fetch(`${webUrl}/healthz`); break; } catch { await new Promise((r) => setTimeout(r, 200)); } }
  return {
    webUrl, gatewayUrl, trust: 'gateway' as const,
    harness: {
      districts, services, tokens,
      async graphql(query: string, variables?: Record<string, unknown>, o?: { role?: string }) {
        const r = await yoga.fetch('http://gw/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[o?.role ?? 'support']}` }, body: JSON.stringify({ query, variables }) });
        return { status: r.status, ...(await r.json()) };
      },
    },
    async stop() { child.kill(); server.close(); await close(); await database.drop(); },
  };
}
