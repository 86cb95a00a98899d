import { resolve } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { withSpan } from '../../tracing';
import { cachedBundlePath, customerCacheDir, downloadBundle } from './bundle-download';
import {
  connectFtp,
  DEFAULT_FTP_PORT,
  type FtpDropOptions,
  type FtpSession,
  type FtpStep,
  ftpFailure,
  loginFtp,
  openFtpSession,
} from './ftp-session';
import { listRemoteBundles, pickNewestBundle, type RemoteBundle } from './remote-bundles';

export interface FetchNewestBundleOptions extends FtpDropOptions {
  /** Where downloads are kept: `<cacheDir>/<customerId>/<bundle name>`. */
  cacheDir: string;
}

/** Same customer, same cache folder: one transfer at a time, shared by every caller. */
const fetchesInFlight = new Map<string, Promise<string>>();

/**
 * The local path of the newest OneRoster bundle in a district's FTP drop (a .zip, or a
 * sub-folder of CSVs), downloaded only when its name, size or modification time changed
 * since the last download. Passive mode; explicit FTPS when `secure`. Rejects with
 * SourceError naming the customer, host, path and step, never the password.
 */
export function fetchNewestBundle(options: FetchNewestBundleOptions): Promise<string> {
  const key = `${resolve(options.cacheDir)}\0${options.customerId}`;
  const running = fetchesInFlight.get(key);
  if (running) return running;
  const fetching = withSpan('source.ftp', ftpSpan(options), () => fetchOnce(options)).finally(() => fetchesInFlight.delete(key));
  fetchesInFlight.set(key, fetching);
  return fetching;
}

const ftpSpan = (options: FtpDropOptions) => ({
  kind: SpanKind.CLIENT,
  attributes: { 'server.address': options.host, 'cdt.customer_id': options.customerId, 'cdt.ftp.secure': options.secure },
});

async function fetchOnce(options: FetchNewestBundleOptions): Promise<string> {
  const dir = customerCacheDir(options);
  const session = await openFtpSession(options);
  try {
    const bundle = await findNewestBundle(session);
    return await session.run('download', () => localCopy({ session, bundle, dir }));
  } finally {
    session.close();
  }
}

async function findNewestBundle(session: FtpSession): Promise<RemoteBundle> {
  const { options } = session;
  const newest = await session.run('list', async () =>
    pickNewestBundle(await listRemoteBundles({ client: session.client, path: options.path })),
  );
  if (!newest) {
    throw ftpFailure({
      options,
      step: 'list',
      error: new Error('no bundle there: expected a .zip file or a sub-folder of .csv files'),
    });
  }
  return newest;
}

async function localCopy(options: { session: FtpSession; bundle: RemoteBundle; dir: string }): Promise<string> {
  const { session, bundle, dir } = options;
  const logDetails = { customerId: session.options.customerId, bundle: bundle.name, size: bundle.size };
  const cached = await cachedBundlePath({ dir, bundle });
  if (cached) {
    session.options.logger?.info(logDetails, 'FTP bundle unchanged; using the downloaded copy');
    return cached;
  }
  const localPath = await downloadBundle({ client: session.client, remotePath: session.options.path, bundle, dir });
  session.options.logger?.info(logDetails, 'FTP bundle downloaded');
  return localPath;
}

export interface FtpCheckStep {
  step: FtpStep;
  ok: boolean;
  message: string;
  /** How long the step took; 0 for a step not run. */
  durationMs?: number;
}

const CHECK_STEPS: readonly FtpStep[] = ['connect', 'login', 'list', 'download'];

/**
 * Tries a customer's FTP settings step by step, for the settings screen: connect (and TLS),
 * login, list the drop folder, download the newest bundle into the cache (so a good test also
 * warms it). Never rejects: every step reports ok and a message; steps after a failure are
 * reported as not run.
 */
export async function testFtpConnection(options: FetchNewestBundleOptions): Promise<FtpCheckStep[]> {
  const results: FtpCheckStep[] = [];
  const attempt = async <T>(step: FtpStep, work: () => Promise<T>, describe: (value: T) => string): Promise<T | null> => {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const value = await work();
      results.push({ step, ok: true, message: describe(value), durationMs: durationMs() });
      return value;
    } catch (error) {
      results.push({ step, ok: false, message: ftpFailure({ options, step, error }).message, durationMs: durationMs() });
      return null;
    }
  };

  const port = options.port ?? DEFAULT_FTP_PORT;
  const session = await attempt(
    'connect',
    () => connectFtp(options),
    () => `Connected to ${options.host}:${port}${options.secure ? ' over TLS (explicit FTPS)' : ''}.`,
  );
  try {
    const loggedIn =
      session &&
      (await attempt(
        'login',
        () => loginFtp(session).then(() => true),
        () => `Logged in as ${options.username}.`,
      ));
    const bundle =
      session &&
      loggedIn &&
      (await attempt(
        'list',
        () => findNewestBundle(session),
        (found) => `Newest bundle in ${options.path}: ${describeBundle(found)}.`,
      ));
    if (session && bundle) {
      await attempt(
        'download',
        () => localCopy({ session, bundle, dir: customerCacheDir(options) }),
        (localPath) => `Bundle available at ${localPath}.`,
      );
    }
  } finally {
    session?.close();
  }

  const failed = results.find((result) => !result.ok);
  for (const step of CHECK_STEPS.slice(results.length)) {
    results.push({ step, ok: false, message: `Not run: the ${failed?.step ?? 'previous'} step failed.` });
  }
  return results;
}

function describeBundle(bundle: RemoteBundle): string {
  const when = bundle.modifiedAt === null ? 'modification time unknown' : `modified ${new Date(bundle.modifiedAt).toISOString()}`;
  const what = bundle.kind === 'zip' ? 'zip' : `folder of ${bundle.files.length} CSV files`;
  return `${bundle.name} (${what}, ${bundle.size} bytes, ${when})`;
}
