/**
 * A real FTP server for specs: ftp-srv in-process on 127.0.0.1, on a free port, serving a
 * temporary folder. Not imported by production code.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FtpSrv } from 'ftp-srv';

export interface TestFtpServer {
  port: number;
  /** The folder the test user sees as `/`. */
  root: string;
  /** Absolute server-side paths of every completed download (RETR), in order. */
  retrievals: string[];
  /** PEM of the certificate when started with `tls`, for the client's `ca`. */
  certificate: string | null;
  close(): Promise<void>;
}

export const TEST_FTP_USER = 'district';
export const TEST_FTP_PASSWORD = 'correct-horse-battery';

/** Passive data ports: a range, so parallel spec files on this machine do not collide. */
const PASSIVE_PORT_MIN = 42_000;
const PASSIVE_PORT_MAX = 42_999;

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/** ftp-srv insists on a bunyan-like logger; specs want silence. */
const silentLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child() {
    return silentLogger;
  },
};

export async function startTestFtpServer(options: { tls?: boolean } = {}): Promise<TestFtpServer> {
  const root = await mkdtemp(join(tmpdir(), 'cdt-ftp-root-'));
  const fixtures = join(import.meta.dirname, 'test-fixtures');
  const certificate = options.tls ? readFileSync(join(fixtures, 'localhost-cert.pem'), 'utf8') : null;
  const listenersBefore = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const server = new FtpSrv({
    url: 'ftp://127.0.0.1:0',
    // Without pasv_url forced PASV fails with 502 (EPSV alone works).
    pasv_url: '127.0.0.1',
    pasv_min: PASSIVE_PORT_MIN,
    pasv_max: PASSIVE_PORT_MAX,
    log: silentLogger as never,
    tls: options.tls ? { key: readFileSync(join(fixtures, 'localhost-key.pem')), cert: certificate ?? '' } : false,
  });
  // ftp-srv registers signal handlers that call process.exit: they would end the test runner.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!listenersBefore.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }

  const retrievals: string[] = [];
  server.on('login', ({ connection, username, password }, resolve, reject) => {
    // Different texts on purpose: the client must not pass on which of the two was wrong.
    if (username !== TEST_FTP_USER) return reject(new Error(`Unknown user ${username}`));
    if (password !== TEST_FTP_PASSWORD) return reject(new Error('Wrong password for this user'));
    connection.on('RETR', (error: unknown, path: string) => {
      if (!error) retrievals.push(path);
    });
    return resolve({ root });
  });

  await server.listen();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port,
    root,
    retrievals,
    certificate,
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
