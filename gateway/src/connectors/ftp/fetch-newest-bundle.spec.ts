import { mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'basic-ftp';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../errors';
import { createCsvRosterReader } from '../oneroster-csv/csv-roster-reader';
import { loadOneRosterBundle } from '../oneroster-csv/load-bundle';
import { downloadBundle, MARKER_FILE, MAX_ZIP_DOWNLOAD_BYTES } from './bundle-download';
import { type FetchNewestBundleOptions, fetchNewestBundle, testFtpConnection } from './fetch-newest-bundle';
import { openFtpSession } from './ftp-session';
import { startTestFtpServer, TEST_FTP_PASSWORD, TEST_FTP_USER, type TestFtpServer } from './ftp-test-server';

let server: TestFtpServer;
let cacheDir: string;
let dropCounter = 0;
/** Each test drops into its own remote folder and customer, so tests do not see each other's bundles. */
let drop: string;
let customerId: string;

beforeAll(async () => {
  server = await startTestFtpServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  dropCounter++;
  drop = `/drop-${dropCounter}`;
  customerId = `customer-${dropCounter}`;
  cacheDir = await mkdtemp(join(tmpdir(), 'cdt-ftp-cache-'));
  return () => rm(cacheDir, { recursive: true, force: true });
});

function options(overrides: Partial<FetchNewestBundleOptions> = {}): FetchNewestBundleOptions {
  return {
    host: '127.0.0.1',
    port: server.port,
    username: TEST_FTP_USER,
    password: TEST_FTP_PASSWORD,
    path: drop,
    secure: false,
    cacheDir,
    customerId,
    timeoutMs: 5_000,
    ...overrides,
  };
}

function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

/** Uploads through the FTP server itself (basic-ftp), then dates the files as the test says. */
async function upload(files: Record<string, { data: Uint8Array | string; modifiedAt: string }>): Promise<void> {
  const client = new Client(5_000);
  try {
    await client.access({ host: '127.0.0.1', port: server.port, user: TEST_FTP_USER, password: TEST_FTP_PASSWORD });
    for (const [path, file] of Object.entries(files)) {
      await client.ensureDir(posix.dirname(path));
      await client.cd('/');
      const bytes = typeof file.data === 'string' ? Buffer.from(file.data) : Buffer.from(file.data);
      await client.uploadFrom(Readable.from([bytes]), path);
    }
  } finally {
    client.close();
  }
  for (const [path, file] of Object.entries(files)) {
    const time = new Date(file.modifiedAt);
    await utimes(join(server.root, path), time, time);
  }
}

const older = zipOf({ 'users.csv': 'sourcedId\nold\n' });
const newer = zipOf({ 'users.csv': 'sourcedId\nnew-1\nnew-2\n' });

describe('fetchNewestBundle', () => {
  it('downloads the newest zip by modification time, not by name', async () => {
    await upload({
      [`${drop}/b-older.zip`]: { data: older, modifiedAt: '2024-05-01T06:00:00Z' },
      [`${drop}/a-newer.zip`]: { data: newer, modifiedAt: '2024-05-02T06:00:00Z' },
      [`${drop}/notes.txt`]: { data: 'not a bundle', modifiedAt: '2024-05-03T06:00:00Z' },
    });

    const localPath = await fetchNewestBundle(options());

    expect(localPath).toBe(join(cacheDir, customerId, 'a-newer.zip'));
    expect(new Uint8Array(await readFile(localPath))).toEqual(newer);
    expect(server.retrievals.filter((path) => path.includes(drop))).toHaveLength(1);
  });

  it('does not download an unchanged bundle again, and does when it changes', async () => {
    await upload({ [`${drop}/export.zip`]: { data: older, modifiedAt: '2024-05-01T06:00:00Z' } });
    const downloads = () => server.retrievals.filter((path) => path.includes(drop)).length;

    const first = await fetchNewestBundle(options());
    const second = await fetchNewestBundle(options());
    expect(second).toBe(first);
    expect(downloads()).toBe(1);

    // Same name, new content and time: the marker no longer matches.
    await upload({ [`${drop}/export.zip`]: { data: newer, modifiedAt: '2024-05-02T06:00:00Z' } });
    const third = await fetchNewestBundle(options());
    expect(third).toBe(first);
    expect(downloads()).toBe(2);
    expect(new Uint8Array(await readFile(third))).toEqual(newer);
  });

  it('replaces the previous bundle when a newer one arrives, keeping one per customer', async () => {
    await upload({ [`${drop}/monday.zip`]: { data: older, modifiedAt: '2024-05-01T06:00:00Z' } });
    await fetchNewestBundle(options());
    await upload({ [`${drop}/tuesday.zip`]: { data: newer, modifiedAt: '2024-05-02T06:00:00Z' } });

    const localPath = await fetchNewestBundle(options());

    expect(localPath).toBe(join(cacheDir, customerId, 'tuesday.zip'));
    expect((await readdir(join(cacheDir, customerId))).sort()).toEqual([MARKER_FILE, 'tuesday.zip']);
  });

  it('downloads a sub-folder of CSVs as a folder bundle', async () => {
    await upload({
      [`${drop}/2024-05-01.zip`]: { data: older, modifiedAt: '2024-05-01T06:00:00Z' },
      [`${drop}/2024-05-02/users.csv`]: { data: 'sourcedId\nu1\n', modifiedAt: '2024-05-02T06:00:00Z' },
      [`${drop}/2024-05-02/orgs.csv`]: { data: 'sourcedId\no1\n', modifiedAt: '2024-05-02T06:01:00Z' },
      [`${drop}/2024-05-02/readme.txt`]: { data: 'ignored', modifiedAt: '2024-05-02T06:01:00Z' },
      [`${drop}/empty-folder/readme.txt`]: { data: 'no CSVs, so not a bundle', modifiedAt: '2024-06-01T06:00:00Z' },
    });

    const localPath = await fetchNewestBundle(options());

    expect(localPath).toBe(join(cacheDir, customerId, '2024-05-02'));
    expect((await readdir(localPath)).sort()).toEqual(['orgs.csv', 'users.csv']);
    expect(await readFile(join(localPath, 'users.csv'), 'utf8')).toBe('sourcedId\nu1\n');
  });

  it('hands over a folder bundle the OneRoster CSV reader can load', async () => {
    const at = '2024-05-02T06:00:00Z';
    await upload({
      [`${drop}/nightly/orgs.csv`]: {
        data: 'sourcedId,status,name,type,identifier\ns1,,Lakeside High,school,LHS\n',
        modifiedAt: at,
      },
      [`${drop}/nightly/users.csv`]: {
        data:
          'sourcedId,status,orgSourcedIds,role,givenName,familyName,email,identifier,agentSourcedIds,grades\n' +
          'u1,,s1,student,Ana,López,,1001,p1,09\n' +
          'p1,,s1,guardian,Rosa,López,rosa@example.org,,,\n',
        modifiedAt: at,
      },
      [`${drop}/nightly/classes.csv`]: { data: 'sourcedId,status,title,schoolSourcedId\nc1,,Algebra,s1\n', modifiedAt: at },
      [`${drop}/nightly/enrollments.csv`]: {
        data: 'sourcedId,status,classSourcedId,userSourcedId,role\ne1,,c1,u1,student\n',
        modifiedAt: at,
      },
    });

    const bundle = await loadOneRosterBundle({ path: await fetchNewestBundle(options()) });
    const reader = createCsvRosterReader(bundle);

    expect(bundle.version).toBe('1.1');
    expect((await reader.peopleBySourcedIds(['u1']))[0]).toMatchObject({ role: 'student', familyName: 'López', grade: '09' });
    expect(await reader.guardianLinksByStudentIds(['u1'])).toEqual([
      [{ system: 'SOURCE', parentId: 'p1', studentId: 'u1', origin: 'sis' }],
    ]);
  });

  it('shares one download between concurrent calls for a customer', async () => {
    await upload({ [`${drop}/export.zip`]: { data: newer, modifiedAt: '2024-05-01T06:00:00Z' } });

    const [a, b] = await Promise.all([fetchNewestBundle(options()), fetchNewestBundle(options())]);

    expect(a).toBe(b);
    expect(server.retrievals.filter((path) => path.includes(drop))).toHaveLength(1);
  });

  it('refuses a wrong password or user with the same message, naming customer, host and path but no secret', async () => {
    await upload({ [`${drop}/export.zip`]: { data: newer, modifiedAt: '2024-05-01T06:00:00Z' } });

    const wrongPassword = await fetchNewestBundle(options({ password: 'guessed-password' })).catch((error: unknown) => error);
    const wrongUser = await fetchNewestBundle(options({ username: 'nobody', password: 'guessed-password' })).catch(
      (error: unknown) => error,
    );

    expect(wrongPassword).toBeInstanceOf(SourceError);
    expect(wrongUser).toBeInstanceOf(SourceError);
    const message = (wrongPassword as SourceError).message;
    expect(message).toContain(`customer "${customerId}"`);
    expect(message).toContain(`127.0.0.1:${server.port}`);
    expect(message).toContain(drop);
    expect(message).toContain('login failed');
    expect(message).toContain('530');
    expect(message).not.toContain('guessed-password');
    expect(message).not.toMatch(/unknown user|wrong password/i);
    expect((wrongUser as SourceError).message).toBe(message);
    expect((wrongPassword as SourceError).details).toMatchObject({ step: 'login', ftpCode: 530 });
  });

  it('says what the server answered when the drop folder does not exist', async () => {
    const error = await fetchNewestBundle(options({ path: '/no-such-folder' })).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(
      new RegExp(
        `customer "${customerId}" at 127\\.0\\.0\\.1:${server.port}, path /no-such-folder: list failed: the server answered \\d{3} `,
      ),
    );
  });

  it('says so when the folder holds no bundle', async () => {
    await upload({ [`${drop}/notes.txt`]: { data: 'nothing to see', modifiedAt: '2024-05-01T06:00:00Z' } });

    await expect(fetchNewestBundle(options())).rejects.toThrow(
      /list failed: no bundle there: expected a \.zip file or a sub-folder of \.csv files/,
    );
  });

  it('reports an unreachable server as a connect failure', async () => {
    const closed = await startTestFtpServer();
    const port = closed.port;
    await closed.close();

    const error = await fetchNewestBundle(options({ port })).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain(`127.0.0.1:${port}, path ${drop}: connect failed: ECONNREFUSED`);
  });

  it('gives up on a server that never answers after timeoutMs', async () => {
    // A real listener that accepts the connection and never sends the 220 greeting.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await fetchNewestBundle(options({ port, timeoutMs: 300 })).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).message).toContain('connect failed: no answer within 300 ms');
    } finally {
      silent.close();
    }
  });

  it('refuses a customer id that could escape the cache folder', async () => {
    await expect(fetchNewestBundle(options({ customerId: '../elsewhere' }))).rejects.toThrow(/cannot name a cache folder/);
  });
});

describe('downloadBundle', () => {
  it('keeps nothing when a transfer does not match the listed size', async () => {
    await upload({ [`${drop}/export.zip`]: { data: newer, modifiedAt: '2024-05-01T06:00:00Z' } });
    const session = await openFtpSession(options());
    const dir = join(cacheDir, customerId);
    try {
      const listedWrong = { kind: 'zip' as const, name: 'export.zip', size: newer.length + 1, modifiedAt: null, files: [] };

      await expect(downloadBundle({ client: session.client, remotePath: drop, bundle: listedWrong, dir })).rejects.toThrow(
        `export.zip arrived with ${newer.length} bytes; the listing says ${newer.length + 1}`,
      );
      expect(await readdir(dir)).toEqual([]);
    } finally {
      session.close();
    }
  });

  it('refuses to download a zip larger than the zip reader would accept', async () => {
    const session = await openFtpSession(options());
    try {
      const huge = { kind: 'zip' as const, name: 'huge.zip', size: MAX_ZIP_DOWNLOAD_BYTES + 1, modifiedAt: null, files: [] };

      await expect(
        downloadBundle({ client: session.client, remotePath: drop, bundle: huge, dir: join(cacheDir, customerId) }),
      ).rejects.toThrow(/bundles larger than \d+ bytes are not downloaded/);
      expect(server.retrievals.filter((path) => path.includes(drop))).toHaveLength(0);
    } finally {
      session.close();
    }
  });
});

describe('testFtpConnection', () => {
  it('reports every step ok and leaves the bundle in the cache', async () => {
    await upload({ [`${drop}/export.zip`]: { data: newer, modifiedAt: '2024-05-01T06:00:00Z' } });

    const steps = await testFtpConnection(options());

    expect(steps.map(({ step, ok }) => ({ step, ok }))).toEqual([
      { step: 'connect', ok: true },
      { step: 'login', ok: true },
      { step: 'list', ok: true },
      { step: 'download', ok: true },
    ]);
    expect(steps[2]?.message).toContain('export.zip (zip,');
    expect(steps[3]?.message).toContain(join(cacheDir, customerId, 'export.zip'));
  });

  it('stops at the failing step and reports the rest as not run', async () => {
    const steps = await testFtpConnection(options({ password: 'guessed-password' }));

    expect(steps.map(({ step, ok }) => ({ step, ok }))).toEqual([
      { step: 'connect', ok: true },
      { step: 'login', ok: false },
      { step: 'list', ok: false },
      { step: 'download', ok: false },
    ]);
    expect(steps[1]?.message).toContain('530');
    expect(steps[1]?.message).not.toContain('guessed-password');
    expect(steps[2]?.message).toBe('Not run: the login step failed.');
  });
});

describe('explicit FTPS', () => {
  let tlsServer: TestFtpServer;

  beforeAll(async () => {
    tlsServer = await startTestFtpServer({ tls: true });
  });

  afterAll(async () => {
    await tlsServer.close();
  });

  it('downloads over TLS from a server whose certificate the client trusts', async () => {
    const client = new Client(5_000);
    try {
      await client.access({
        host: '127.0.0.1',
        port: tlsServer.port,
        user: TEST_FTP_USER,
        password: TEST_FTP_PASSWORD,
        secure: true,
        secureOptions: { ca: tlsServer.certificate ?? '' },
      });
      await client.ensureDir('/secure-drop');
      await client.uploadFrom(Readable.from([Buffer.from(newer)]), 'export.zip');
    } finally {
      client.close();
    }

    const localPath = await fetchNewestBundle(
      options({ port: tlsServer.port, path: '/secure-drop', secure: true, tls: { ca: tlsServer.certificate ?? '' } }),
    );

    expect(new Uint8Array(await readFile(localPath))).toEqual(newer);
  });

  it('refuses a certificate it cannot verify', async () => {
    const steps = await testFtpConnection(options({ port: tlsServer.port, path: '/secure-drop', secure: true }));

    expect(steps[0]).toMatchObject({ step: 'connect', ok: false });
    expect(steps[0]?.message).toMatch(/connect failed: .*(self-signed|SELF_SIGNED)/i);
  });
});
