import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, TEST_FTP_USER, type TestFtpServer } from '../connectors/ftp/ftp-test-server';
import { lakesideSpec } from '../testing/district-specs';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness';

// Connection tests and the connections overview on real parts: the real PostgreSQL server, a
// CSV bundle on disk, a real FTP server and a closed port.

const LAKESIDE = lakesideSpec();

const FTP_SECRET_ENV = 'CDT_SPEC_CONNECTIONS_FTP_PASSWORD';
const FTP_SECRET = 'not-the-password-but-secret-9f3';

type ConnectionTest = { ok: boolean; status: string; message: string; checkedAt: string; durationMs: number; details: string[] };
type Connection = {
  id: string;
  kind: string;
  name: string;
  environment: string | null;
  status: string;
  configured: boolean;
  detail: string | null;
  lastTestedAt: string | null;
  lastError: string | null;
  neededBy: string[];
};
const CONNECTION_FIELDS = 'id kind name environment status configured detail lastTestedAt lastError neededBy';
const TEST_CUSTOMER = `mutation Test($customerId: String!) {
  testCustomerConnection(customerId: $customerId) { ok status message checkedAt durationMs details }
}`;
const SAVE = `mutation Save($input: SaveCustomerSettingsInput!) { saveCustomerSettings(input: $input) { ok problems { field message } } }`;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function ftpCustomer(options: { customerId: string; orgId: string; port: number }): Record<string, unknown> {
  return {
    customer_id: options.customerId,
    customer_name: `${options.customerId} district`,
    integration_type: 'OneRoster',
    ftp: {
      enabled: true,
      host: '127.0.0.1',
      port: options.port,
      username: TEST_FTP_USER,
      password: `env:${FTP_SECRET_ENV}`,
      path: '/',
    },
    oneshelf_environment: 'staging',
    bookmarked_org_id: options.orgId,
  };
}

describe('connection tests through the gateway', () => {
  let harness: GatewayHarness;
  let ftp: TestFtpServer;

  beforeAll(async () => {
    process.env[FTP_SECRET_ENV] = FTP_SECRET;
    [harness, ftp] = await Promise.all([startGatewayHarness({ specs: [LAKESIDE] }), startTestFtpServer()]);
    for (const file of [
      ftpCustomer({ customerId: 'closed-ftp', orgId: '5001', port: await closedPort() }),
      ftpCustomer({ customerId: 'wrong-password-ftp', orgId: '5002', port: ftp.port }),
    ]) {
      const saved = await harness.graphql<{ saveCustomerSettings: { ok: boolean } }>(
        SAVE,
        { input: { file } },
        { role: 'admin' },
      );
      expect(saved.data?.saveCustomerSettings.ok).toBe(true);
    }
  }, 120_000);

  afterAll(async () => {
    delete process.env[FTP_SECRET_ENV];
    await Promise.all([harness?.close(), ftp?.close()]);
  });

  it('reads a CSV customer’s bundle: OK, with the step and what was read', async () => {
    const answer = await harness.graphql<{ testCustomerConnection: ConnectionTest }>(
      TEST_CUSTOMER,
      { customerId: 'lakeside-isd' },
      { role: 'admin' },
    );
    expect(answer.errors).toBeUndefined();
    const test = answer.data?.testCustomerConnection;
    expect(test).toMatchObject({ ok: true, status: 'OK' });
    expect(test?.details.some((line) => /^read: ok — Read a OneRoster 1\.1 bundle: \d+ schools/.test(line))).toBe(true);
    expect(Number.isNaN(Date.parse(test?.checkedAt ?? ''))).toBe(false);
  });

  it('an FTP customer on a closed port is FAILING, saying where and which step, without the secret', async () => {
    const answer = await harness.graphql<{ testCustomerConnection: ConnectionTest }>(
      TEST_CUSTOMER,
      { customerId: 'closed-ftp' },
      { role: 'admin' },
    );
    expect(answer.errors).toBeUndefined();
    const test = answer.data?.testCustomerConnection;
    expect(test).toMatchObject({ ok: false, status: 'FAILING' });
    expect(test?.message).toMatch(
      /FTP drop of customer "closed-ftp" at 127\.0\.0\.1:\d+, path \/: connect failed: .*ECONNREFUSED/,
    );
    expect(test?.details.find((line) => line.startsWith('connect:'))).toMatch(/^connect: failed — /);
    expect(JSON.stringify(answer)).not.toContain(FTP_SECRET);
  });

  it('an FTP login the server refuses is FAILING at the login step, without the secret', async () => {
    const answer = await harness.graphql<{ testCustomerConnection: ConnectionTest }>(
      TEST_CUSTOMER,
      { customerId: 'wrong-password-ftp' },
      { role: 'admin' },
    );
    const test = answer.data?.testCustomerConnection;
    expect(test?.status).toBe('FAILING');
    expect(test?.details.find((line) => line.startsWith('connect:'))).toMatch(/^connect: ok/);
    expect(test?.message).toContain('login failed: the server did not accept the username and password');
    expect(JSON.stringify(answer)).not.toContain(FTP_SECRET);
  });

  it('audits every test, and refuses tests to support and viewers', async () => {
    const rows = (
      await harness.services.appDatabase.query<{ detail: { connection: string; status: string } }>(
        "SELECT detail FROM audit_log WHERE action = 'connection_tested' ORDER BY id",
      )
    ).rows;
    expect(rows.map((row) => [row.detail.connection, row.detail.status])).toEqual([
      ['source:lakeside-isd', 'OK'],
      ['source:closed-ftp', 'FAILING'],
      ['source:wrong-password-ftp', 'FAILING'],
    ]);
    for (const role of ['support', 'viewer'] as const) {
      const refused = await harness.graphql(TEST_CUSTOMER, { customerId: 'lakeside-isd' }, { role });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const refusedToo = await harness.graphql('mutation { testConnection(id: "app-database") { id } }', {}, { role });
      expect(refusedToo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const unknown = await harness.graphql(TEST_CUSTOMER, { customerId: 'nobody' }, { role: 'admin' });
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(unknown.errors?.[0]?.message).toContain('No customer settings file has customer_id "nobody"');
  });

  it('lists the databases, HubSpot and every source with their state, never a secret', async () => {
    const answer = await harness.graphql<{ connections: Connection[] }>(`{ connections { ${CONNECTION_FIELDS} } }`);
    expect(answer.errors).toBeUndefined();
    const connections = answer.data?.connections ?? [];
    expect(connections.map((c) => c.id)).toEqual([
      'bookmarked-staging',
      'bookmarked-production',
      'app-database',
      'hubspot',
      'source:closed-ftp',
      'source:lakeside-isd',
      'source:wrong-password-ftp',
    ]);
    const byId = new Map(connections.map((c) => [c.id, c]));
    expect(byId.get('bookmarked-staging')).toMatchObject({
      kind: 'BOOKMARKED_DATABASE',
      environment: 'STAGING',
      status: 'OK',
      configured: true,
    });
    expect(byId.get('bookmarked-staging')?.detail).toMatch(/^postgres (\S+@)?\S+:\d+\/cdt_gw_\w+$/);
    expect(byId.get('bookmarked-staging')?.neededBy).toContain('studentSearch');
    expect(byId.get('app-database')).toMatchObject({ kind: 'APP_DATABASE', status: 'OK' });
    // The harness gives HubSpot neither a token nor an OAuth app.
    expect(byId.get('hubspot')).toMatchObject({ kind: 'HUBSPOT', status: 'MISSING', configured: false });
    expect(byId.get('source:lakeside-isd')).toMatchObject({ kind: 'SOURCE', status: 'OK', environment: 'STAGING' });
    expect(byId.get('source:closed-ftp')).toMatchObject({ status: 'FAILING', configured: true });
    expect(byId.get('source:closed-ftp')?.detail).toMatch(/^An FTP drop at 127\.0\.0\.1:\d+\//);
    expect(byId.get('source:closed-ftp')?.lastError).toContain('connect failed');

    // No password of any URL, no resolved secret.
    const text = JSON.stringify(answer);
    expect(text).not.toContain(FTP_SECRET);
    expect(text).not.toMatch(/postgres(ql)?:\/\/[^@\s"]*:[^@\s"]*@/);
    const viewer = await harness.graphql('{ connections { id } }', {}, { role: 'viewer' });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('tests one connection by id for an admin', async () => {
    const staging = await harness.graphql<{ testConnection: Connection }>(
      `mutation { testConnection(id: "bookmarked-staging") { ${CONNECTION_FIELDS} } }`,
      {},
      { role: 'admin' },
    );
    expect(staging.errors).toBeUndefined();
    // The harness connects as the server's superuser: the safety check says so loudly.
    expect(staging.data?.testConnection).toMatchObject({ id: 'bookmarked-staging', status: 'FAILING' });
    expect(staging.data?.testConnection.lastError).toMatch(/write|superuser/i);

    const source = await harness.graphql<{ testConnection: Connection }>(
      `mutation { testConnection(id: "source:lakeside-isd") { ${CONNECTION_FIELDS} } }`,
      {},
      { role: 'admin' },
    );
    expect(source.data?.testConnection).toMatchObject({ id: 'source:lakeside-isd', status: 'OK', lastError: null });

    const hubspot = await harness.graphql<{ testConnection: Connection }>(
      `mutation { testConnection(id: "hubspot") { ${CONNECTION_FIELDS} } }`,
      {},
      { role: 'admin' },
    );
    expect(hubspot.data?.testConnection.status).toBe('MISSING');

    const unknown = await harness.graphql('mutation { testConnection(id: "nope") { id } }', {}, { role: 'admin' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
