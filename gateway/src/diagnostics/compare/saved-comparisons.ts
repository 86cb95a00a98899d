import { z } from 'zod';
import type { Viewer } from '../../context';
import type { SqlClient } from '../../db/sql-client';
import { ForbiddenError, InputError, NotFoundError } from '../../errors';

/**
 * Saved ad-hoc comparisons in the tool's own database: a name, the document and its
 * variables, the two paths, the key and the compared fields, and who owns it. Anyone may
 * list and run them; only the owner or an admin may edit or delete one.
 */

export interface SavedComparison {
  id: string;
  name: string;
  description: string | null;
  document: string;
  variables: Record<string, unknown>;
  leftPath: string;
  rightPath: string;
  keyField: string;
  fields: string[];
  owner: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
}

export const savedComparisonFields = z.object({
  name: z.string().trim().min(1, 'name is empty').max(200, 'name is longer than 200 characters'),
  description: z
    .string()
    .trim()
    .nullish()
    .transform((value) => value || null),
  document: z.string().trim().min(1, 'document is empty'),
  variables: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((value) => value ?? {}),
  leftPath: z.string().trim().min(1, 'leftPath is empty'),
  rightPath: z.string().trim().min(1, 'rightPath is empty'),
  keyField: z.string().trim().min(1, 'keyField is empty'),
  fields: z
    .array(z.string().trim().min(1, 'a field name is empty'))
    .min(1, 'fields is empty: name at least one field to compare'),
});

export type SavedComparisonFields = z.output<typeof savedComparisonFields>;

export function parseSavedComparisonFields(input: unknown): SavedComparisonFields {
  const parsed = savedComparisonFields.safeParse(input);
  if (!parsed.success) {
    throw new InputError(
      `Saved comparison: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

interface Row {
  id: string;
  name: string;
  description: string | null;
  document: string;
  variables: Record<string, unknown>;
  left_path: string;
  right_path: string;
  key_field: string;
  fields: string[];
  owner_id: string;
  owner_name: string;
  created_at: string;
  updated_at: string;
}

const TIME = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id::text AS id, name, description, document, variables, left_path, right_path, key_field, fields, owner_id, owner_name,
  ${TIME('created_at')} AS created_at, ${TIME('updated_at')} AS updated_at`;

const toSaved = (row: Row): SavedComparison => ({
  id: row.id,
  name: row.name,
  description: row.description,
  document: row.document,
  variables: row.variables ?? {},
  leftPath: row.left_path,
  rightPath: row.right_path,
  keyField: row.key_field,
  fields: row.fields ?? [],
  owner: { id: row.owner_id, name: row.owner_name },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listSavedComparisons(
  db: SqlClient,
  options: { search?: string | null; ownerId?: string | null } = {},
): Promise<SavedComparison[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (options.search?.trim()) {
    params.push(`%${options.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(`name ILIKE $${params.length}`);
  }
  if (options.ownerId) {
    params.push(options.ownerId);
    conditions.push(`owner_id = $${params.length}`);
  }
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM saved_comparisons ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY lower(name), saved_comparisons.id`,
    params,
  );
  return rows.map(toSaved);
}

export async function savedComparisonById(db: SqlClient, id: string): Promise<SavedComparison | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM saved_comparisons WHERE id = $1::bigint`, [id]);
  return rows[0] ? toSaved(rows[0]) : null;
}

export async function createSavedComparison(
  db: SqlClient,
  options: { fields: SavedComparisonFields; owner: Viewer },
): Promise<SavedComparison> {
  const { fields: f, owner } = options;
  const { rows } = await db.query<Row>(
    `INSERT INTO saved_comparisons (name, description, document, variables, left_path, right_path, key_field, fields, owner_id, owner_name)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9, $10) RETURNING ${COLUMNS}`,
    [
      f.name,
      f.description,
      f.document,
      JSON.stringify(f.variables),
      f.leftPath,
      f.rightPath,
      f.keyField,
      JSON.stringify(f.fields),
      owner.id,
      owner.name,
    ],
  );
  return toSaved(rows[0] as Row);
}

async function ownedComparison(db: SqlClient, id: string, viewer: Viewer, action: string): Promise<SavedComparison> {
  const saved = await savedComparisonById(db, id);
  if (!saved) throw new NotFoundError(`No saved comparison has id "${id}".`, { id });
  if (saved.owner.id !== viewer.id && viewer.role !== 'admin') {
    throw new ForbiddenError(
      `Only ${saved.owner.name} (the owner) or an admin may ${action} the saved comparison "${saved.name}".`,
    );
  }
  return saved;
}

export async function updateSavedComparison(
  db: SqlClient,
  options: { id: string; fields: SavedComparisonFields; viewer: Viewer },
): Promise<SavedComparison> {
  await ownedComparison(db, options.id, options.viewer, 'edit');
  const f = options.fields;
  const { rows } = await db.query<Row>(
    `UPDATE saved_comparisons SET name = $2, description = $3, document = $4, variables = $5::jsonb, left_path = $6, right_path = $7,
            key_field = $8, fields = $9::jsonb, updated_at = now()
      WHERE id = $1::bigint RETURNING ${COLUMNS}`,
    [
      options.id,
      f.name,
      f.description,
      f.document,
      JSON.stringify(f.variables),
      f.leftPath,
      f.rightPath,
      f.keyField,
      JSON.stringify(f.fields),
    ],
  );
  return toSaved(rows[0] as Row);
}

export async function deleteSavedComparison(db: SqlClient, options: { id: string; viewer: Viewer }): Promise<SavedComparison> {
  const saved = await ownedComparison(db, options.id, options.viewer, 'delete');
  await db.query('DELETE FROM saved_comparisons WHERE id = $1::bigint', [options.id]);
  return saved;
}
