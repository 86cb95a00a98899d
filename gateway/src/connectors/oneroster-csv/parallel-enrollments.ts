/**
 * Reads enrollments.csv in a worker thread while the main thread reads the rest of the bundle.
 * Only for big bundles: a worker takes about 50 ms to start, more than a small file takes to read.
 *
 * The worker posts one message: `columns` (enrollment-columns.ts, buffers transferred) or
 * `error` (a BundleError as data). Any other end (it could not start, it crashed, it exited
 * without a word) rejects with a plain Error, and the caller reads the file itself instead.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BundleSource } from './bundle-source';
import { type EnrollmentColumns, type PostedBundleError, revivedBundleError } from './enrollment-columns';
import { BUNDLE_FILES } from './oneroster-format';
import type { ZipLimits } from './zip-archive';

/** enrollments.csv at least this big (bytes, uncompressed) is read in a worker. */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

export interface EnrollmentsWorkerData {
  path: string;
  label: string;
  zipLimits?: Partial<ZipLimits>;
}

export type EnrollmentsWorkerMessage =
  | { kind: 'columns'; columns: EnrollmentColumns }
  | { kind: 'error'; error: PostedBundleError };

export interface EnrollmentsJob {
  /** The columns, or a BundleError (the file's own problem), or a plain Error (the worker's). */
  readonly columns: Promise<EnrollmentColumns>;
  /** Stops the worker if it is still reading (the bundle failed elsewhere first). */
  cancel(): void;
}

/**
 * The worker: in the esbuild bundle, dist/enrollments-worker.js beside dist/server.js and
 * dist/cli.js. In source (tsx, vitest) the .ts file beside this one, through tsx's loader
 * registered inside the worker: on Node 20 a worker does not inherit the main thread's loader,
 * nor take one from `--import` in its execArgv.
 */
function createWorker(data: EnrollmentsWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./enrollments-worker.js', import.meta.url), { workerData: data });
  const entry = new URL('./enrollments-worker.ts', import.meta.url).href;
  // vitest's module runner has no import.meta.resolve: the worker then resolves it from the working directory.
  const tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/** Bytes of enrollments.csv as the reader will see them, or null when the file cannot be sized. */
async function enrollmentsSize(options: { path: string; source: BundleSource }): Promise<number | null> {
  const file = options.source.file(BUNDLE_FILES.enrollments);
  if (!file) return null;
  if (file.size !== undefined) return file.size;
  if (options.source.kind !== 'folder') return null;
  try {
    return (await stat(join(options.path, file.name))).size;
  } catch {
    return null;
  }
}

/** Starts the worker when enrollments.csv is big enough (or when `force` says so); null otherwise. */
export async function startEnrollmentsWorker(options: {
  path: string;
  label: string;
  zipLimits?: Partial<ZipLimits>;
  source: BundleSource;
  /** true: always, false: never; by default by WORKER_MIN_BYTES. */
  force?: boolean;
}): Promise<EnrollmentsJob | null> {
  if (options.force === false) return null;
  if (options.force !== true) {
    const size = await enrollmentsSize(options);
    if (size === null || size < WORKER_MIN_BYTES) return null;
  }
  const data: EnrollmentsWorkerData = { path: options.path, label: options.label, zipLimits: options.zipLimits };
  const worker = createWorker(data);
  let settled = false;
  const columns = new Promise<EnrollmentColumns>((resolve, reject) => {
    worker.once('message', (message: EnrollmentsWorkerMessage) => {
      settled = true;
      if (message.kind === 'columns') resolve(message.columns);
      else reject(revivedBundleError(message.error));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new Error('the enrollments worker failed', { cause: error }));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the enrollments worker exited (code ${code}) without an answer`));
    });
  });
  // Nobody may be waiting when the bundle fails elsewhere first: not an unhandled rejection.
  columns.catch(() => {});
  return {
    columns,
    cancel() {
      if (!settled) void worker.terminate();
    },
  };
}
