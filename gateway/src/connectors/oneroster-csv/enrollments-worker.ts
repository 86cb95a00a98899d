/**
 * Worker thread entry (its own esbuild entry point: dist/enrollments-worker.js): reads the
 * bundle's enrollments.csv into columns and posts them back with their buffers transferred.
 * Started by `startEnrollmentsWorker` (parallel-enrollments.ts), which documents the protocol.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BundleError } from '../../errors';
import { openBundleSource } from './bundle-source';
import { openCsvTable } from './csv-table';
import { ENROLLMENT_READ_COLUMNS, postableBundleError, readEnrollmentColumns, transferablesOf } from './enrollment-columns';
import { BUNDLE_FILES, REQUIRED_COLUMNS } from './oneroster-format';
import type { EnrollmentsWorkerData, EnrollmentsWorkerMessage } from './parallel-enrollments';

async function run(data: EnrollmentsWorkerData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('enrollments-worker.ts runs as a worker thread (see parallel-enrollments.ts)');
  const post = (message: EnrollmentsWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const source = await openBundleSource({ path: data.path, label: data.label, limits: data.zipLimits });
    try {
      const file = source.file(BUNDLE_FILES.enrollments);
      if (!file) throw new BundleError({ file: BUNDLE_FILES.enrollments, message: 'file is missing' });
      const table = await openCsvTable({ file, required: REQUIRED_COLUMNS.enrollments, read: ENROLLMENT_READ_COLUMNS });
      const columns = await readEnrollmentColumns(table);
      post({ kind: 'columns', columns }, transferablesOf(columns));
    } finally {
      await source.close();
    }
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    const posted = postableBundleError(error);
    try {
      post({ kind: 'error', error: posted });
    } catch {
      // A cause structured clone cannot copy: the error without it.
      post({ kind: 'error', error: { ...posted, cause: undefined } });
    }
  }
}

await run(workerData as EnrollmentsWorkerData);
