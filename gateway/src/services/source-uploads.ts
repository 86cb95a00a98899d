import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppDatabase } from '../app-db/app-database';
import { loadOneRosterBundle } from '../connectors/oneroster-csv/load-bundle';
import { DEFAULT_ZIP_LIMITS } from '../connectors/oneroster-csv/zip-archive';
import { BundleError, InputError, SourceError } from '../errors';
import { logger } from '../logger';
import { type AuditActor, recordAudit } from '../security/audit-log';
import type { CustomerSettings } from '../settings/customer-settings-schema';
import type { SettingsDirectory } from '../settings/settings-directory';
import type { UploadedBundles } from './source-rosters';

/** SOURCE_UPLOAD_MAX_BYTES unless configured: room for a large district's zip (a 200,000-student district zips to 20–100 MB). */
export const DEFAULT_SOURCE_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;
/** Uploads listed by `list` unless asked for fewer. */
export const SOURCE_UPLOAD_HISTORY_MAX = 100;
/** Where an upload is written while it is received and validated, under the uploads folder. */
const INCOMING_DIR = '.incoming';

export type SourceUploadStatus = 'CURRENT' | 'REPLACED' | 'REMOVED';

/** One accepted upload, as the history shows it. */
export interface SourceUploadRecord {
  id: string;
  districtId: string;
  customerId: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  oneRosterVersion: string;
  /** Data rows per CSV file of the bundle, deleted rows included (`users.csv` → 1200). */
  recordCounts: Record<string, number>;
  warningCount: number;
  uploadedBy: { id: string; name: string | null };
  uploadedAt: string;
  status: SourceUploadStatus;
  replacedAt: string | null;
  removedAt: string | null;
  removedBy: { id: string; name: string | null } | null;
}

/** Why an upload was refused: where in the bundle (file, line, column) when the bundle says. */
export interface UploadProblem {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

export type UploadOutcome =
  | { ok: true; upload: SourceUploadRecord; replaced: SourceUploadRecord | null }
  | { ok: false; problems: UploadProblem[] };

/** A file as the GraphQL multipart request hands it over (the WHATWG File). */
export interface UploadedFile {
  readonly name: string;
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
}

export interface SourceUploads extends UploadedBundles {
  /** Largest upload accepted, in bytes. */
  readonly maxBytes: number;
  /**
   * Receives, validates and stores a OneRoster zip for a customer's district; it becomes the
   * district's source at once. A refused upload (too large, not a zip, unsafe, not a valid
   * bundle) stores nothing and comes back as problems. Audited either way.
   */
  upload(options: {
    districtId?: string | null;
    customerId?: string | null;
    file: UploadedFile;
    actor: AuditActor;
    requestId?: string | null;
  }): Promise<UploadOutcome>;
  /** The district's uploads, newest first (the current one, then replaced and removed ones). */
  list(options: { districtId: string; first?: number | null }): Promise<SourceUploadRecord[]>;
  /** Stops using the district's current upload: its settings' source applies again. Null when there was none. */
  remove(options: { districtId: string; actor: AuditActor; requestId?: string | null }): Promise<SourceUploadRecord | null>;
  /** Told the district id whenever its current upload changes (a new one, or removed). */
  onChange(listener: (districtId: string) => void): () => void;
}

/**
 * Uploaded OneRoster bundles, per district: files under `dir/<district id>/`, metadata in the
 * app database (`source_uploads`, migration 5). A replaced or removed upload keeps its row
 * (the history) and loses its file.
 */
export function createSourceUploads(deps: {
  db: AppDatabase;
  settings: SettingsDirectory;
  /** The uploads folder (services/data-dirs.ts `uploadsDir`). */
  dir: string;
  /** Default DEFAULT_SOURCE_UPLOAD_MAX_BYTES. */
  maxBytes?: number;
}): SourceUploads {
  const maxBytes = deps.maxBytes ?? DEFAULT_SOURCE_UPLOAD_MAX_BYTES;
  const listeners = new Set<(districtId: string) => void>();
  const changed = (districtId: string) => {
    for (const listener of listeners) {
      try {
        listener(districtId);
      } catch (error) {
        logger.warn({ err: error, districtId }, 'a source upload listener failed');
      }
    }
  };

  async function customerFor(options: { districtId?: string | null; customerId?: string | null }): Promise<CustomerSettings> {
    const districtId = options.districtId ? canonicalDistrictId(options.districtId) : null;
    if (options.customerId) {
      const customer = await deps.settings.byCustomerId(options.customerId);
      if (!customer) throw new InputError(`No customer settings file has customer_id "${options.customerId}".`);
      if (!customer.bookmarkedOrgId) {
        throw new InputError(
          `Customer "${customer.customerId}" has no bookmarked_org_id, so an upload cannot become a district's source.`,
        );
      }
      if (districtId && customer.bookmarkedOrgId !== districtId) {
        throw new InputError(
          `Customer "${customer.customerId}" is district ${customer.bookmarkedOrgId}, not district ${districtId}.`,
        );
      }
      return customer;
    }
    if (!districtId) throw new InputError('Name the district (districtId) or the customer (customerId) the bundle is for.');
    const customer = await deps.settings.byDistrictId(districtId);
    if (!customer) {
      throw new InputError(
        `No customer settings file has bookmarked_org_id "${districtId}": an upload is the source of a customer's district, so add the customer's settings first.`,
      );
    }
    return customer;
  }

  const refuse = async (
    problems: UploadProblem[],
    context: { actor: AuditActor; requestId?: string | null; districtId: string; fileName: string; size: number },
  ): Promise<UploadOutcome> => {
    await recordAudit(deps.db, {
      actor: context.actor,
      action: 'source_upload_refused',
      districtId: context.districtId,
      requestId: context.requestId,
      detail: { fileName: context.fileName, sizeBytes: context.size, problems: problems.map((problem) => problem.message) },
    });
    return { ok: false, problems };
  };

  return {
    maxBytes,

    async latestBundlePath(districtId) {
      const { rows } = await deps.db.query<{ id: string; stored_path: string }>(
        `SELECT id, stored_path FROM source_uploads
          WHERE district_id = $1 AND replaced_at IS NULL AND removed_at IS NULL`,
        [canonicalDistrictId(districtId)],
      );
      const row = rows[0];
      if (!row) return null;
      const bundlePath = path.join(deps.dir, row.stored_path);
      const found = await stat(bundlePath).then(
        () => true,
        () => false,
      );
      if (!found) {
        // Several gateway instances must share the data directory; otherwise one holds the file.
        throw new SourceError(
          `Upload ${row.id} is district ${districtId}'s source, but its file is not on this gateway's disk (${bundlePath}). Every gateway instance must share the data directory; upload the bundle again or remove the upload.`,
        );
      }
      return bundlePath;
    },

    async upload(options) {
      const customer = await customerFor(options);
      const districtId = customer.bookmarkedOrgId ?? '';
      const fileName = safeFileName(options.file.name);
      const audit = { actor: options.actor, requestId: options.requestId, districtId, fileName, size: options.file.size };
      if (options.file.size > maxBytes) {
        return refuse(
          [problem(fileName, `the file is ${options.file.size} bytes, over the ${maxBytes}-byte upload limit`)],
          audit,
        );
      }
      if (!fileName.toLowerCase().endsWith('.zip')) {
        return refuse([problem(fileName, 'expected a .zip of OneRoster CSV files (the file name does not end in .zip)')], audit);
      }

      const incoming = path.join(deps.dir, INCOMING_DIR);
      await mkdir(incoming, { recursive: true });
      const temporary = path.join(incoming, `${randomUUID()}.zip`);
      try {
        const received = await receive({ file: options.file, to: temporary, maxBytes });
        if (!received.ok) {
          return refuse([problem(fileName, `the file is over the ${maxBytes}-byte upload limit`)], audit);
        }
        let bundle: Awaited<ReturnType<typeof loadOneRosterBundle>>;
        try {
          bundle = await loadOneRosterBundle({
            path: temporary,
            fileLabel: fileName,
            zipLimits: { maxArchiveBytes: Math.min(maxBytes, DEFAULT_ZIP_LIMITS.maxArchiveBytes) },
          });
        } catch (error) {
          if (!(error instanceof BundleError)) throw error;
          return refuse([{ file: error.file, line: error.line, column: error.column, message: error.message }], {
            ...audit,
            size: received.size,
          });
        }

        const folder = path.join(deps.dir, districtId);
        await mkdir(folder, { recursive: true });
        const storedPath = path.join(districtId, `${Date.now()}-${received.sha256.slice(0, 12)}.zip`);
        await rename(temporary, path.join(deps.dir, storedPath));
        const saved = deps.db.transaction(async (tx) => {
          // One upload at a time per district, so there is never more than one current row.
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`source_uploads:${districtId}`]);
          const previous = await tx.query<UploadRow>(
            `UPDATE source_uploads SET replaced_at = now()
              WHERE district_id = $1 AND replaced_at IS NULL AND removed_at IS NULL
              RETURNING ${COLUMNS}`,
            [districtId],
          );
          const rows = await tx.query<UploadRow>(
            `INSERT INTO source_uploads
               (district_id, customer_id, file_name, stored_path, size_bytes, sha256, oneroster_version,
                record_counts, warning_count, uploaded_by, uploaded_by_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
             RETURNING ${COLUMNS}`,
            [
              districtId,
              customer.customerId,
              fileName,
              storedPath,
              received.size,
              received.sha256,
              bundle.version,
              JSON.stringify(bundle.counts.rows),
              bundle.warnings.length + bundle.counts.warningsDropped,
              options.actor.id,
              options.actor.name ?? null,
            ],
          );
          return { inserted: rows.rows[0] as UploadRow, replaced: previous.rows[0] ?? null };
        });
        const { inserted, replaced } = await saved.catch(async (error: unknown) => {
          await rm(path.join(deps.dir, storedPath), { force: true });
          throw error;
        });
        if (replaced) await rm(path.join(deps.dir, replaced.stored_path), { force: true });
        const upload = toRecord(inserted);
        await recordAudit(deps.db, {
          actor: options.actor,
          action: 'source_uploaded',
          districtId,
          requestId: options.requestId,
          recordCount: Object.values(upload.recordCounts).reduce((sum, rows) => sum + rows, 0),
          detail: {
            uploadId: upload.id,
            customerId: upload.customerId,
            fileName,
            sizeBytes: upload.sizeBytes,
            sha256: upload.sha256,
            oneRosterVersion: upload.oneRosterVersion,
            replacedUploadId: replaced?.id ?? null,
          },
        });
        changed(districtId);
        return { ok: true, upload, replaced: replaced ? toRecord(replaced) : null };
      } finally {
        await rm(temporary, { force: true });
      }
    },

    async list(options) {
      const first = Math.max(1, Math.min(options.first ?? SOURCE_UPLOAD_HISTORY_MAX, SOURCE_UPLOAD_HISTORY_MAX));
      const { rows } = await deps.db.query<UploadRow>(
        `SELECT ${COLUMNS} FROM source_uploads WHERE district_id = $1 ORDER BY uploaded_at DESC, id DESC LIMIT $2`,
        [canonicalDistrictId(options.districtId), first],
      );
      return rows.map(toRecord);
    },

    async remove(options) {
      const districtId = canonicalDistrictId(options.districtId);
      const { rows } = await deps.db.query<UploadRow>(
        `UPDATE source_uploads SET removed_at = now(), removed_by = $2, removed_by_name = $3
          WHERE district_id = $1 AND replaced_at IS NULL AND removed_at IS NULL
          RETURNING ${COLUMNS}`,
        [districtId, options.actor.id, options.actor.name ?? null],
      );
      const row = rows[0];
      if (!row) return null;
      await rm(path.join(deps.dir, row.stored_path), { force: true });
      await recordAudit(deps.db, {
        actor: options.actor,
        action: 'source_upload_removed',
        districtId,
        requestId: options.requestId,
        detail: { uploadId: String(row.id), fileName: row.file_name, sha256: row.sha256 },
      });
      changed(districtId);
      return toRecord(row);
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Streams the upload to disk, hashing and counting it; stops as soon as it passes `maxBytes`. */
async function receive(options: {
  file: UploadedFile;
  to: string;
  maxBytes: number;
}): Promise<{ ok: true; size: number; sha256: string } | { ok: false }> {
  const hash = createHash('sha256');
  let size = 0;
  let tooLarge = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > options.maxBytes) {
        tooLarge = true;
        done(new Error('upload over the limit'));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.from(chunksOf(options.file.stream())), counter, createWriteStream(options.to));
  } catch (error) {
    if (tooLarge) return { ok: false };
    throw error;
  }
  return { ok: true, size, sha256: hash.digest('hex') };
}

/**
 * The chunks of a web stream through its reader: yoga hands over its own File implementation
 * (@whatwg-node), whose stream `Readable.fromWeb` does not accept.
 */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function problem(file: string, message: string): UploadProblem {
  return { file, line: null, column: null, message: `${file}: ${message}` };
}

/** The name as the history shows it: no folders (browsers may send a path), no control characters, bounded. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes.
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (cleaned || 'upload.zip').slice(0, 200);
}

// Ids are bigints: "01001" and "1001" are the same district, as the settings loader stores them.
function canonicalDistrictId(districtId: string): string {
  const trimmed = districtId.trim();
  return /^\d{1,19}$/.test(trimmed) ? BigInt(trimmed).toString() : trimmed;
}

const COLUMNS = `id, district_id, customer_id, file_name, stored_path, size_bytes, sha256, oneroster_version, record_counts,
  warning_count, uploaded_by, uploaded_by_name, uploaded_at, replaced_at, removed_at, removed_by, removed_by_name`;

interface UploadRow {
  id: string | number;
  district_id: string;
  customer_id: string;
  file_name: string;
  stored_path: string;
  size_bytes: string | number;
  sha256: string;
  oneroster_version: string;
  record_counts: Record<string, number>;
  warning_count: number;
  uploaded_by: string;
  uploaded_by_name: string | null;
  uploaded_at: Date | string;
  replaced_at: Date | string | null;
  removed_at: Date | string | null;
  removed_by: string | null;
  removed_by_name: string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function toRecord(row: UploadRow): SourceUploadRecord {
  return {
    id: String(row.id),
    districtId: row.district_id,
    customerId: row.customer_id,
    fileName: row.file_name,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    oneRosterVersion: row.oneroster_version,
    recordCounts: row.record_counts ?? {},
    warningCount: row.warning_count,
    uploadedBy: { id: row.uploaded_by, name: row.uploaded_by_name },
    uploadedAt: iso(row.uploaded_at) ?? '',
    status: row.removed_at ? 'REMOVED' : row.replaced_at ? 'REPLACED' : 'CURRENT',
    replacedAt: iso(row.replaced_at),
    removedAt: iso(row.removed_at),
    removedBy: row.removed_by ? { id: row.removed_by, name: row.removed_by_name } : null,
  };
}
