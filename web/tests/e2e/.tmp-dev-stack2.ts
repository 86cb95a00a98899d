// TEMPORARY (delete before handing over): the stack with the diagnostics schema registered.
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createYoga } from 'graphql-yoga';
import { builder } from '../../../gateway/src/schema/builder';
builder.mutationType({});
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
import { STACK_DISTRICTS, USERS, PASSWORD, WEB_DIR } from './stack';
import { GraphQLError } from 'graphql';

const schema = builder.toSchema({ sortSchema: true });
const database = await createTestDatabase({ prefix: 'cdt_webdev' });
const workDir = mkdtempSync(path.join(tmpdir(), 'cdt-webdev-'));
const setup = new pg.Client({ connectionString: database.url });
await setup.connect();
const districts = await provisionDistricts({ specs: STACK_DISTRICTS, bookmarked: [setup], bundlesDir: path.join(workDir, 'b'), settingsDir: path.join(workDir, 's') });
await setup.end();
const { services } = await createGatewayServices({
  bookmarked: { staging: database.url, production: database.url }, settingsDir: path.join(workDir, 's'), appDatabaseUrl: database.url,
  dataDir: path.join(workDir, 'data'), port: 0, host: '127.0.0.1', hubspot: { baseUrl: 'http://127.0.0.1:9' }, aws: {},
});
const secret = randomBytes(32).toString('base64url');
for (const user of Object.values(USERS)) await createUser({ db: services.appDatabase, username: user.username, password: PASSWORD, role: user.role, displayName: user.name });
const demoToken = (await createApiToken({ db: services.appDatabase, name: 'dev', role: 'admin' })).token;
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
await new Promise<void>((r) => server.listen(Number(process.env.GWPORT ?? 4100), '127.0.0.1', r));
const gatewayUrl = `http://127.0.0.1:${process.env.GWPORT ?? 4100}/graphql`;
const port = Number(process.env.PORT ?? 3100);
const child = spawn(process.execPath, ['build'], { cwd: WEB_DIR, stdio: 'inherit', env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, GATEWAY_URL: gatewayUrl, WEB_SESSION_SECRET: secret, AUTH_SECRET: randomBytes(32).toString('base64url') } });
console.log(`web http://127.0.0.1:${port} gateway ${gatewayUrl} token ${demoToken}`);
for (const d of districts) for (const f of d.generated.plantedFaults) console.log(`FAULT ${d.spec.districtId} ${f.tool} ${JSON.stringify(f.input)} ${f.expectedStatus} ${f.kind}`);
process.on('SIGTERM', async () => { child.kill(); server.close(); await database.drop(); process.exit(0); });
