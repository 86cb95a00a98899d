import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, zipBundle } from '@cdt/gateway/connectors/oneroster-csv/test-bundles';
import { DEMO_DISTRICTS } from '@cdt/gateway/seed/demo-districts';
import { generateDistrict } from '@cdt/gateway/seed/generate-district';
import { writeOneRosterBundle } from '@cdt/gateway/seed/write-oneroster-bundle';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { screenshot, signIn, useBrowser, visit } from './browser';
import { USERS } from './constants';
import type { StackInfo } from './serve-stack';

/**
 * Uploading a district's OneRoster bundle in the browser, against the real gateway: the upload
 * becomes the district's source (a tool run sees it), a broken bundle is refused with its file,
 * line and column while the previous upload stays current, and removing the upload brings the
 * settings' source back. Pine Valley (1003) is used because it has a customer settings file and
 * no other e2e test reads it, so its source changing for a while disturbs nothing else.
 */

const stack: StackInfo = inject('stack');
const DISTRICT_ID = 1003;
const DISTRICT_NAME = 'Pine Valley Public Schools';
/** The given name the upload gives one student; Bookmarked keeps the generated one. */
const UPLOADED_NAME = 'Uploadina';

const { open } = useBrowser({ baseURL: stack.webUrl });
let temp: { dir: string; remove: () => Promise<void> };
/** The district's CSV files as the stack's generator wrote them. */
let files: Record<string, string>;
let student: { sourcedId: string; givenName: string; familyName: string };

/** The district's users.csv with one user's given name changed (in place: the rest of the row stays byte for byte). */
function withGivenName(given: { sourcedId: string; givenName: string; familyName: string }, to: string): string {
  const names = `,${given.givenName},${given.familyName},`;
  let changed = 0;
  const rows = (files['users.csv'] ?? '').split('\n').map((row) => {
    if (!row.startsWith(`${given.sourcedId},`)) return row;
    expect(row.split(names)).toHaveLength(2);
    changed += 1;
    return row.replace(names, `,${to},${given.familyName},`);
  });
  expect(changed).toBe(1);
  return rows.join('\n');
}

/** The district's bundle with users.csv line 3 cut short: 2 fields where the header has more. */
function withBrokenRow(): string {
  const lines = (files['users.csv'] ?? '').split('\n');
  // The generator writes CRLF line endings; keep them so only the field count is wrong.
  lines[2] = 'broken-row,active\r';
  return lines.join('\n');
}

const zipUpload = (name: string, bundle: Record<string, string>) => ({
  name,
  mimeType: 'application/zip',
  buffer: Buffer.from(zipBundle({ files: bundle })),
});

/** Picks the district in the tools page's picker (staging, the default): 3 characters, ↓ to it, Enter. */
async function chooseDistrict(page: Page) {
  await visit(page, '/tools');
  await page.fill('#district-search', 'Pin');
  await page.waitForSelector('[role=option]');
  for (let i = 0; i < 50; i += 1) {
    const active = await page.locator('[role=option][aria-selected=true]').textContent();
    if (active?.includes(DISTRICT_NAME)) break;
    await page.press('#district-search', 'ArrowDown');
  }
  await page.press('#district-search', 'Enter');
  await page.waitForSelector('[data-testid=chosen-district]');
  expect(await page.locator('[data-testid=chosen-district]').textContent()).toMatch(
    new RegExp(`${DISTRICT_NAME}[\\s\\S]*${DISTRICT_ID}[\\s\\S]*Staging`),
  );
}

/** Runs Student Search for the student on staging; answers the status and the student's given name on each side. */
async function searchStudent(page: Page) {
  await visit(page, `/tools/studentSearch?district=${DISTRICT_ID}&environment=staging&query=${student.sourcedId}`);
  await page.click('[data-testid=run-tool]');
  const banner = page.locator('[data-testid=status-banner]');
  await banner.waitFor({ timeout: 60_000 });
  const givenName = page.locator(`[data-testid=record-pair][data-key="${student.sourcedId}"] tr[data-field=givenName] td`);
  return {
    status: await banner.getAttribute('data-status'),
    heading: await banner.locator('h2').textContent(),
    sis: await givenName.nth(0).textContent(),
    bookmarked: await givenName.nth(1).textContent(),
    differs: (await page.locator('[data-testid=diff-row][data-field=givenName]').count()) > 0,
  };
}

/** When the page shows a date: the browser's en-US locale in UTC (browser.ts), today. */
const today = () => new Date().toLocaleDateString('en-US', { timeZone: 'UTC' });

async function gateway(query: string, variables: Record<string, unknown>) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.support}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

beforeAll(async () => {
  const spec = DEMO_DISTRICTS.find((d) => d.districtId === DISTRICT_ID);
  if (!spec) throw new Error(`The demo has no district ${DISTRICT_ID}.`);
  expect(stack.districts.some((d) => d.districtId === DISTRICT_ID)).toBe(true);
  // The same seed as the stack's, so the same records as its settings' source (and Bookmarked).
  const district = generateDistrict(spec);
  temp = await makeTempDir('cdt-web-e2e-upload-');
  const bundle = await writeOneRosterBundle({ district, dir: temp.dir });
  files = {};
  for (const name of await readdir(bundle.path)) files[name] = await readFile(path.join(bundle.path, name), 'utf8');
  const faulty = new Set(district.plantedFaults.flatMap((fault) => fault.sourcedIds));
  const found = district.source.users.find(
    (user) => user.role === 'student' && user.status !== 'tobedeleted' && !faulty.has(user.sourcedId) && user.email,
  );
  if (!found) throw new Error(`District ${DISTRICT_ID} has no clean student.`);
  student = { sourcedId: found.sourcedId, givenName: found.givenName, familyName: found.familyName };
}, 120_000);

afterAll(async () => {
  // Whatever happened above, the district goes back to its settings' source for the other files.
  await gateway('mutation($d: ID!) { removeSourceUpload(districtId: $d) { id } }', { d: String(DISTRICT_ID) }).catch(() => {});
  await temp?.remove();
});

describe('uploading a district bundle in the browser', () => {
  it('support: upload with progress → the tools read it; a broken bundle is refused with file, line and column; removing restores the source', async () => {
    const page = await open();
    await signIn(page, USERS.support.username);
    await page.waitForURL((url) => url.pathname === '/');
    await chooseDistrict(page);

    // Before: the student agrees in the settings' source and Bookmarked.
    const before = await searchStudent(page);
    expect(before.status).toBe('NO_ISSUE');
    expect(before.sis).toBe(student.givenName);

    // The menu leads to Uploads, which names the chosen district and has no upload yet.
    await page.locator('nav a', { hasText: 'Uploads' }).click();
    await page.waitForURL(/\/uploads$/);
    await page.waitForSelector('html[data-ready=true]', { state: 'attached' });
    expect(await page.locator('main h2').first().textContent()).toMatch(
      new RegExp(`${DISTRICT_NAME}\\s*district ${DISTRICT_ID}`),
    );
    expect(await page.locator('main').textContent()).toContain(
      "No upload: tools read the source named in the customer's settings.",
    );
    expect(await page.locator('main').textContent()).toContain('No bundle has been uploaded for this district.');

    // 1. A valid bundle with one student renamed. The upload is slowed down so its progress can be seen.
    const progressSeen = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          const observer = new MutationObserver(() => {
            const text = document.querySelector('form [role=status]')?.textContent?.trim();
            if (text && seen.at(-1) !== text) seen.push(text);
            if (document.querySelector('.alert.success')) {
              observer.disconnect();
              resolve(seen);
            }
          });
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        }),
    );
    progressSeen.catch(() => {}); // awaited below; a failure before then must not be an unhandled rejection
    const changed = zipUpload('pine-valley-renamed.zip', { ...files, 'users.csv': withGivenName(student, UPLOADED_NAME) });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      // About three seconds for the whole zip.
      uploadThroughput: Math.max(8 * 1024, Math.ceil(changed.buffer.length / 3)),
    });
    await page.setInputFiles('input[type=file][name=file]', changed);
    await page.locator('main form button[type=submit]', { hasText: /^\s*Upload\s*$/ }).click();
    await page.locator('main form [role=status]', { hasText: /Uploading… \d+%/ }).waitFor();
    expect(await page.locator('main form button[type=submit]').first().isDisabled()).toBe(true);
    const success = page.locator('.alert.success', { hasText: "pine-valley-renamed.zip is the district's source now" });
    await success.waitFor({ timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const progress = await progressSeen;
    expect(progress.some((text) => /^Uploading… \d+% \(.+ of .+\)$/.test(text))).toBe(true);
    expect(progress).toContain('Validating the bundle…');
    expect(await success.textContent()).toContain('(OneRoster 1.1)');

    // The page names the current bundle, who uploaded it and when; so does the history row.
    const main = page.locator('main');
    await main.locator('text=Tools read pine-valley-renamed.zip').waitFor();
    expect(await main.textContent()).toMatch(/Tools read pine-valley-renamed\.zip, uploaded by Sam Support on /);
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(1);
    const row = await rows.first().textContent();
    expect(row).toContain('pine-valley-renamed.zip');
    expect(row).toContain('OneRoster 1.1');
    expect(row).toContain('Current source');
    expect(row).toContain(USERS.support.name);
    expect(row).toContain(today());
    expect(row).toMatch(/users\.csv \d+/);
    expect(await page.locator('button', { hasText: 'Upload and replace' }).count()).toBe(1);

    // 2. The tools read the upload at once: Student Search now sees the uploaded name in the SIS.
    const after = await searchStudent(page);
    expect(after.status).not.toBe('NO_ISSUE');
    expect(after.sis).toBe(UPLOADED_NAME);
    expect(after.bookmarked).toBe(student.givenName);
    expect(after.differs).toBe(true);
    expect(await page.locator('[data-testid=finding-group][data-kind=FIELD_MISMATCH]').count()).toBe(1);

    // 3. A bundle with a malformed row is refused: the file, line and column; nothing changes.
    await visit(page, '/uploads');
    await page.setInputFiles(
      'input[type=file][name=file]',
      zipUpload('pine-valley-broken.zip', { ...files, 'users.csv': withBrokenRow() }),
    );
    await page.locator('main form button[type=submit]', { hasText: 'Upload and replace' }).click();
    const refused = page.locator('.alert.danger', { hasText: 'The bundle was refused; nothing was stored' });
    await refused.waitFor({ timeout: 60_000 });
    const problems = refused.locator('li');
    expect(await problems.count()).toBe(1);
    expect(await problems.first().locator('strong').textContent()).toBe('users.csv, line 3, column 3');
    expect(await problems.first().textContent()).toMatch(/^users\.csv, line 3, column 3: row has 2 fields; the header has \d+/);
    expect(await main.textContent()).toMatch(/Tools read pine-valley-renamed\.zip, uploaded by Sam Support on /);
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Current source');
    expect(await rows.first().textContent()).not.toContain('pine-valley-broken.zip');
    await screenshot(page, '09a-uploads');
    expect((await searchStudent(page)).sis).toBe(UPLOADED_NAME);

    // 4. Removing the upload: the settings' source applies again; the history keeps the row.
    await visit(page, '/uploads');
    await page.locator('button', { hasText: 'Remove the upload' }).click();
    await main.locator("text=No upload: tools read the source named in the customer's settings.").waitFor();
    expect(await rows.count()).toBe(1);
    const removed = await rows.first().textContent();
    expect(removed).toContain('Removed');
    expect(removed).toMatch(new RegExp(`by ${USERS.support.name} on ${today().replaceAll('/', '\\/')}`));
    expect(await page.locator('button', { hasText: 'Remove the upload' }).count()).toBe(0);

    const restored = await searchStudent(page);
    expect(restored).toMatchObject({ status: 'NO_ISSUE', sis: student.givenName, bookmarked: student.givenName, differs: false });
    expect(restored.heading).toBe(before.heading);
  });

  it('a viewer sees the history but no upload form, and the upload action refuses them', async () => {
    const page = await open();
    await signIn(page, USERS.viewer.username);
    await page.waitForURL((url) => url.pathname === '/');
    await chooseDistrict(page);
    await visit(page, '/uploads');
    expect(await page.locator('main h2').first().textContent()).toContain(DISTRICT_NAME);
    await page.locator('.alert', { hasText: 'Uploading needs the support or admin role.' }).waitFor();
    expect(await page.locator('input[type=file]').count()).toBe(0);
    expect(await page.locator('main form').count()).toBe(0);
    // The history is shown (the previous test's upload, removed).
    expect(await page.locator('main table tbody tr').first().textContent()).toContain('pine-valley-renamed.zip');

    // Posting to the action anyway (as the page's script would): the web server refuses, nothing is stored.
    const answer = await page.request.post('/uploads?/upload', {
      headers: { origin: stack.webUrl, accept: 'application/json', 'x-sveltekit-action': 'true' },
      multipart: { file: zipUpload('viewer.zip', files) },
    });
    const body = (await answer.json()) as { type: string; status: number; data: string };
    expect(body).toMatchObject({ type: 'failure', status: 403 });
    expect(body.data).toContain('Uploading needs the support or admin role.');
    const history = await gateway('query($d: ID!) { sourceUploads(districtId: $d) { fileName } }', { d: String(DISTRICT_ID) });
    expect(history.data?.sourceUploads).toEqual([{ fileName: 'pine-valley-renamed.zip' }]);
  });
});
