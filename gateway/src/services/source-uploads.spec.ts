// Registers the diagnostics types before the gateway builds its schema (see testing/gateway-schema.ts).
import '../diagnostics/testing/gateway-schema';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, type Zippable, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../connectors/oneroster-csv/test-bundles';
import { generateDistrict } from '../seed/generate-district';
import { writeOneRosterBundle } from '../seed/write-oneroster-bundle';
import { lakesideSpec } from '../testing/district-specs';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness';

/**
 * Uploads over real HTTP multipart requests (the GraphQL multipart request spec) to the whole
 * gateway on the real PostgreSQL server: validation, zip safety, size limits, roles, replacing
 * and removing, and a tool run that reads the upload.
 */
const LAKESIDE = lakesideSpec({ seed: 51, districtId: 5101, students: 60, faults: 'catalog' });
const DISTRICT_ID = String(LAKESIDE.districtId);
/** Small, so the size limit can be passed in a test. */
const MAX_BYTES = 512 * 1024;

const UPLOAD = `mutation Upload($districtId: ID, $customerId: String, $file: File!) {
  uploadSourceBundle(districtId: $districtId, customerId: $customerId, file: $file) {
    ok problems { file line column message }
    upload { id fileName sizeBytes sha256 oneRosterVersion status uploadedBy recordCounts { file rows } }
    replaced { id status }
  }
}`;
const HISTORY = `query($districtId: ID!) { sourceUploads(districtId: $districtId) { id fileName status uploadedBy uploadedAt removedBy } }`;

interface UploadAnswer {
  ok: boolean;
  problems: { file: string | null; line: number | null; column: number | null; message: string }[];
  upload: {
    id: string;
    fileName: string;
    sizeBytes: number;
    sha256: string;
    oneRosterVersion: string;
    status: string;
    uploadedBy: string;
    recordCounts: { file: string; rows: number }[];
  } | null;
  replaced: { id: string; status: string } | null;
}

let harness: GatewayHarness;
let temp: { dir: string; remove: () => Promise<void> };
/** The district's CSV files as the generator writes them. */
let files: Record<string, string>;

beforeAll(async () => {
  harness = await startGatewayHarness({ specs: [LAKESIDE], uploads: { maxBytes: MAX_BYTES } });
  temp = await makeTempDir('cdt-upload-spec-');
  const bundle = await writeOneRosterBundle({ district: generateDistrict(LAKESIDE), dir: temp.dir });
  files = {};
  for (const name of await readdir(bundle.path)) files[name] = await readFile(path.join(bundle.path, name), 'utf8');
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await temp?.remove();
});

const zip = (entries: Record<string, string | Uint8Array>, level: 0 | 6 = 6) =>
  zipSync(
    Object.fromEntries(
      Object.entries(entries).map(([name, content]) => [name, typeof content === 'string' ? strToU8(content) : content]),
    ) as Zippable,
    { level },
  );

/** A GraphQL multipart request, as a browser or the web server sends it. */
async function upload(options: {
  bytes: Uint8Array;
  fileName?: string;
  role?: 'admin' | 'support' | 'viewer';
  variables?: Record<string, unknown>;
}): Promise<{
  status: number;
  body: { data?: { uploadSourceBundle: UploadAnswer } | null; errors?: { message: string; extensions?: { code?: string } }[] };
}> {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({ query: UPLOAD, variables: { districtId: DISTRICT_ID, file: null, ...options.variables } }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set(
    '0',
    new File([options.bytes as Uint8Array<ArrayBuffer>], options.fileName ?? 'lakeside.zip', { type: 'application/zip' }),
  );
  // Serialized first, so the request declares its length as one sent over HTTP does.
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const response = await harness.fetch('/graphql', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${harness.tokens[options.role ?? 'support']}`,
      'content-type': encoded.headers.get('content-type') ?? '',
      'content-length': String(body.length),
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

async function history() {
  const response = await harness.graphql<{
    sourceUploads: { id: string; fileName: string; status: string; uploadedBy: string; removedBy: string | null }[];
  }>(HISTORY, { districtId: DISTRICT_ID });
  expect(response.errors).toBeUndefined();
  return response.data?.sourceUploads ?? [];
}

/** Every file kept under the uploads folder (the temporary folder included). */
async function storedFiles(): Promise<string[]> {
  const root = path.join(harness.dataDir, 'uploads');
  const found = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return found.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** A student of the district no fault touches, looked up by sourcedId. */
function cleanStudent() {
  const district = generateDistrict(LAKESIDE);
  const faulty = new Set(district.plantedFaults.flatMap((fault) => fault.sourcedIds));
  const student = district.source.users.find((user) => user.role === 'student' && !faulty.has(user.sourcedId) && user.email);
  if (!student) throw new Error('the generated district has no clean student');
  return student;
}

async function studentSearch(query: string) {
  const response = await harness.graphql<{ studentSearch: { status: string; findings: { kind: string }[] } }>(
    `mutation($input: StudentSearchInput!) { studentSearch(input: $input) { status findings { kind } } }`,
    { input: { districtId: DISTRICT_ID, environment: 'STAGING', query } },
  );
  expect(response.errors ?? []).toEqual([]);
  return response.data!.studentSearch;
}

/** The district's users.csv with one user's email changed. */
function withEmail(sourcedId: string, email: string): string {
  const [header = '', ...rows] = (files['users.csv'] ?? '').split('\n');
  const emailColumn = header.split(',').indexOf('email');
  expect(emailColumn).toBeGreaterThan(-1);
  const changed = rows.map((row) => {
    if (!row.startsWith(`${sourcedId},`)) return row;
    expect(row).not.toContain('"');
    const cells = row.split(',');
    cells[emailColumn] = email;
    return cells.join(',');
  });
  return [header, ...changed].join('\n');
}

describe('uploading a OneRoster bundle for a district', () => {
  it('refuses viewers, and stores nothing', async () => {
    const { status, body } = await upload({ bytes: zip(files), role: 'viewer' });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.errors?.[0]?.message).toContain('needs the support role');
    expect(await history()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('names the file, line and column of a malformed CSV, and stores nothing', async () => {
    const users = (files['users.csv'] ?? '').split('\n');
    // Line 3 of users.csv (CRLF line endings, as the generator writes): a row with fewer fields than the header.
    users[2] = 'broken-row,active\r';
    const { body } = await upload({ bytes: zip({ ...files, 'users.csv': users.join('\n') }), fileName: 'broken.zip' });
    const answer = body.data?.uploadSourceBundle;
    expect(answer?.ok).toBe(false);
    expect(answer?.upload).toBeNull();
    expect(answer?.problems).toHaveLength(1);
    expect(answer?.problems[0]).toMatchObject({ file: 'users.csv', line: 3, column: 3 });
    expect(answer?.problems[0]?.message).toMatch(/^users\.csv, line 3, column 3: row has 2 fields; the header has 18/);
    expect(await history()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses a zip bomb, a path-traversal entry, a file that is not a zip and a file over the size limit', async () => {
    const bomb = await upload({ bytes: zip({ ...files, 'users.csv': new Uint8Array(8 * 1024 * 1024) }), fileName: 'bomb.zip' });
    expect(bomb.body.data?.uploadSourceBundle.problems[0]?.message).toMatch(/bomb\.zip: .*compression-ratio limit/);

    const traversal = await upload({ bytes: zip({ ...files, '../../evil.csv': 'x' }), fileName: 'escape.zip' });
    expect(traversal.body.data?.uploadSourceBundle.problems[0]?.message).toContain(
      'entry "../../evil.csv" escapes the archive\'s folder',
    );

    const notZip = await upload({ bytes: strToU8(files['users.csv'] ?? ''), fileName: 'users.csv' });
    expect(notZip.body.data?.uploadSourceBundle.problems[0]?.message).toContain('expected a .zip');

    // Over the upload limit but under the request limit (the limit plus room for the multipart framing).
    const large = new Uint8Array(MAX_BYTES + 1000);
    const oversize = await upload({ bytes: large, fileName: 'large.zip' });
    expect(oversize.body.data?.uploadSourceBundle.problems[0]?.message).toContain(`over the ${MAX_BYTES}-byte upload limit`);

    // Far over it: refused by its declared length before the body is read.
    const huge = await upload({ bytes: new Uint8Array(MAX_BYTES * 2), fileName: 'huge.zip' });
    expect(huge.status).toBe(413);
    expect(huge.body.errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');

    for (const refused of [bomb, traversal, notZip, oversize]) expect(refused.body.data?.uploadSourceBundle.ok).toBe(false);
    expect(await history()).toEqual([]);
    expect(await storedFiles()).toEqual([]);

    const audit = await harness.services.appDatabase.query<{ action: string; n: string }>(
      "SELECT action, count(*) AS n FROM audit_log WHERE action LIKE 'source_upload%' GROUP BY action",
    );
    expect(audit.rows.find((row) => row.action === 'source_upload_refused')?.n).toBe('5');
  });

  it('becomes the source at once, is replaced by the next upload and removed back to the settings', async () => {
    const student = cleanStudent();
    expect((await studentSearch(student.sourcedId)).status).toBe('NO_ISSUE');

    // 1. An upload where the student's email differs from Bookmarked: the tool sees it at once.
    const changed = zip({ ...files, 'users.csv': withEmail(student.sourcedId, 'changed.by.upload@example.org') });
    const first = await upload({ bytes: changed, fileName: 'lakeside-monday.zip' });
    const accepted = first.body.data?.uploadSourceBundle;
    expect(first.body.errors).toBeUndefined();
    expect(accepted?.ok).toBe(true);
    expect(accepted?.problems).toEqual([]);
    expect(accepted?.upload).toMatchObject({
      fileName: 'lakeside-monday.zip',
      sizeBytes: changed.length,
      oneRosterVersion: '1.1',
      status: 'CURRENT',
      uploadedBy: 'harness-support',
    });
    expect(accepted?.upload?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(accepted?.upload?.recordCounts.find((count) => count.file === 'users.csv')?.rows).toBeGreaterThan(60);
    const mismatch = await studentSearch(student.sourcedId);
    expect(mismatch.status).not.toBe('NO_ISSUE');
    expect(mismatch.findings.map((finding) => finding.kind)).toContain('FIELD_MISMATCH');

    // 2. The unchanged bundle replaces it: the student agrees again; the first keeps its history row, not its file.
    const second = await upload({
      bytes: zip(files),
      fileName: 'lakeside-tuesday.zip',
      variables: { districtId: null, customerId: 'lakeside-isd' },
    });
    expect(second.body.data?.uploadSourceBundle.replaced).toMatchObject({ id: accepted?.upload?.id, status: 'REPLACED' });
    expect((await studentSearch(student.sourcedId)).status).toBe('NO_ISSUE');
    expect((await history()).map((row) => [row.fileName, row.status])).toEqual([
      ['lakeside-tuesday.zip', 'CURRENT'],
      ['lakeside-monday.zip', 'REPLACED'],
    ]);
    expect(await storedFiles()).toHaveLength(1);

    // 3. Removing it: the settings' source (the generator's folder) applies again; the history stays.
    const removed = await harness.graphql<{ removeSourceUpload: { status: string; fileName: string } | null }>(
      'mutation($d: ID!) { removeSourceUpload(districtId: $d) { status fileName } }',
      { d: DISTRICT_ID },
    );
    expect(removed.data?.removeSourceUpload).toEqual({ status: 'REMOVED', fileName: 'lakeside-tuesday.zip' });
    expect((await history()).map((row) => [row.status, row.removedBy])).toEqual([
      ['REMOVED', 'harness-support'],
      ['REPLACED', null],
    ]);
    expect(await storedFiles()).toEqual([]);
    expect((await studentSearch(student.sourcedId)).status).toBe('NO_ISSUE');
    const again = await harness.graphql<{ removeSourceUpload: null }>(
      'mutation($d: ID!) { removeSourceUpload(districtId: $d) { status } }',
      { d: DISTRICT_ID },
    );
    expect(again.data?.removeSourceUpload).toBeNull();
    const refusedViewer = await harness.graphql(
      'mutation($d: ID!) { removeSourceUpload(districtId: $d) { status } }',
      { d: DISTRICT_ID },
      { role: 'viewer' },
    );
    expect(refusedViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a district no customer settings name', async () => {
    const { body } = await upload({ bytes: zip(files), variables: { districtId: '999999' } });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toContain('No customer settings file has bookmarked_org_id "999999"');
  });
});
