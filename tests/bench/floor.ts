import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import pg from 'pg';

/**
 * The floor: what reading the district's data costs when nothing else happens. Tools cannot
 * beat it, so their time is reported as a multiple of it.
 */

export interface FloorPart {
  /** Table or file name. */
  name: string;
  rows: number;
  ms: number;
}

export interface FloorReading {
  ms: number;
  rows: number;
  parts: FloorPart[];
}

/**
 * The columns the Bookmarked connector's whole-district scans read (ids as text, as the
 * connector casts them), one plain `SELECT` per table with only the "live" filter each
 * table has: no joins, no ordering, no paging. One bench database holds one district, so
 * no district filter is needed.
 */
export const FLOOR_QUERIES: Readonly<Record<string, string>> = {
  schools: 'SELECT id::text, sourced_id, name, school_code FROM bookmarked.schools WHERE deleted_at IS NULL',
  users: `SELECT id::text, sourced_id, role, identifier, given_name, family_name, email, grade
            FROM bookmarked.users WHERE deleted_at IS NULL`,
  user_schools: 'SELECT user_id::text, school_id::text FROM bookmarked.user_schools WHERE deleted_at IS NULL',
  guardianships: `SELECT id::text, parent_id::text, student_id::text, origin
                    FROM bookmarked.guardianships WHERE deleted_at IS NULL`,
  classes: `SELECT id::text, school_id::text, sourced_id, title, class_code
              FROM bookmarked.classes WHERE deleted_at IS NULL`,
  enrollments: `SELECT id::text, sourced_id, class_id::text, user_id::text, role, begin_date::text, end_date::text
                  FROM bookmarked.enrollments WHERE deleted_at IS NULL`,
  sync_errors: 'SELECT id::text, sync_run_id::text, entity_type, sourced_id, message FROM bookmarked.sync_errors',
};

/** Reads every table of FLOOR_QUERIES once, over one connection, rows materialised as pg returns them. */
export async function readPostgresFloor(options: { url: string }): Promise<FloorReading> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    const parts: FloorPart[] = [];
    for (const [name, sql] of Object.entries(FLOOR_QUERIES)) {
      const started = performance.now();
      const { rows } = await client.query(sql);
      parts.push({ name, rows: rows.length, ms: performance.now() - started });
    }
    return total(parts);
  } finally {
    await client.end();
  }
}

/**
 * Parses every CSV file of a bundle folder with csv-parse, with the options the bundle reader
 * uses (BOM, trim, empty lines skipped, ragged rows allowed), counting records and nothing else.
 */
export async function parseCsvFloor(options: { bundlePath: string }): Promise<FloorReading> {
  const info = await stat(options.bundlePath);
  if (!info.isDirectory()) throw new Error(`parseCsvFloor: expected a bundle folder, found a file at ${options.bundlePath}.`);
  const files = (await readdir(options.bundlePath)).filter((name) => name.endsWith('.csv')).sort();
  const parts: FloorPart[] = [];
  for (const name of files) {
    const started = performance.now();
    const parser = createReadStream(path.join(options.bundlePath, name)).pipe(
      parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }),
    );
    let rows = -1; // the header is a record too
    for await (const _record of parser) rows++;
    parts.push({ name, rows: Math.max(rows, 0), ms: performance.now() - started });
  }
  return total(parts);
}

function total(parts: FloorPart[]): FloorReading {
  return {
    ms: parts.reduce((sum, part) => sum + part.ms, 0),
    rows: parts.reduce((sum, part) => sum + part.rows, 0),
    parts,
  };
}

/** The fastest of `times` readings (a floor is a best case), with its parts. */
export async function bestOf(times: number, read: () => Promise<FloorReading>): Promise<FloorReading & { samplesMs: number[] }> {
  let best: FloorReading | null = null;
  const samplesMs: number[] = [];
  for (let i = 0; i < times; i++) {
    const reading = await read();
    samplesMs.push(reading.ms);
    if (!best || reading.ms < best.ms) best = reading;
  }
  if (!best) throw new Error('bestOf: expected at least one reading.');
  return { ...best, samplesMs };
}
