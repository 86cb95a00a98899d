import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecuritySuite, startSecuritySuite } from './support/security-suite';

/**
 * Broken and hostile files the gateway reads: malformed settings JSON, settings pointing
 * outside, zip bombs, archive entries escaping their folder, symlinks to other files. The
 * gateway keeps answering for everything else, refuses the bad file by name, and never shows
 * a line of a file it should not read.
 */
let suite: SecuritySuite;
let scratch: string;
const SOURCE =
  '{ district(id: "7102", environment: PRODUCTION) { source { students(first: 3) { sourcedId } } bookmarked { schools { name } } } }';

beforeAll(async () => {
  suite = await startSecuritySuite();
  scratch = await mkdtemp(path.join(tmpdir(), 'cdt-hostile-files-'));
}, 180_000);

afterAll(async () => {
  await suite?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Swaps a file for the duration of `work`, then restores it. */
async function withFile(file: string, contents: Uint8Array | string, work: () => Promise<void>) {
  const backup = `${file}.orig`;
  await copyFile(file, backup);
  try {
    await writeFile(file, contents);
    await work();
  } finally {
    await copyFile(backup, file);
    await rm(backup, { force: true });
  }
}

describe('malformed settings JSON', () => {
  const dir = () => path.dirname(suite.staging.settingsFile as string);
  const files: Record<string, string> = {
    'syntax.json': '{ "customer_id": "broken", "bookmarked_org_id": "7201", ',
    'types.json': JSON.stringify({
      customer_id: ['not', 'a', 'string'],
      bookmarked_org_id: { $gt: '' },
      oneshelf_environment: 'prod; DROP',
    }),
    'proto.json':
      '{ "__proto__": { "polluted": true }, "constructor": { "prototype": { "polluted": true } }, "customer_id": "proto" }',
    'plain-secret.json': JSON.stringify({
      customer_id: 'plain-secret',
      bookmarked_org_id: '7203',
      ftp: { enabled: true, host: 'ftp.example.org', username: 'u', password: 'hunter2-plain-secret-value', path: '/' },
    }),
    'huge.json': `{"customer_id":"huge","pad":"${'x'.repeat(1024 * 1024 + 10)}"}`,
    'not-json.json': '\u0000\u0001\u0002 binary garbage \uFFFD',
    'empty.json': '',
  };

  beforeAll(async () => {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir(), name), text);
    await suite.harness.services.settings.reload();
  });

  afterAll(async () => {
    for (const name of Object.keys(files)) await rm(path.join(dir(), name), { force: true });
    await suite.harness.services.settings.reload();
  });

  it('names each bad file (and field) as a problem, never a secret it holds, and pollutes nothing', async () => {
    const problems = await suite.harness.services.settings.problems();
    const named = new Set(problems.map((p) => p.details.file));
    // proto.json is otherwise valid: it loads, its __proto__ and constructor keys ignored.
    for (const name of Object.keys(files).filter((n) => n !== 'proto.json')) expect(named, name).toContain(name);
    const proto = await suite.harness.services.settings.byCustomerId('proto');
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(problems.find((p) => p.details.file === 'syntax.json')?.message).toMatch(/invalid JSON at line 1, column \d+/);
    expect(JSON.stringify(problems.map((p) => p.message))).not.toContain('hunter2-plain-secret-value');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps answering for the districts whose settings are fine', async () => {
    const answer = await suite.graphql<{ district: { customer: { customerId: string } } }>(
      '{ district(id: "7101") { customer { customerId } source { schools { name } } } }',
      {},
      { token: 'support' },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.district.customer.customerId).toBe('lakeside-isd');
    const ready = await suite.fetch('/ready');
    expect(ready.status).toBe(200);
  });
});

describe('settings pointing outside their folder', () => {
  it.each([['/etc/passwd'], ['/etc'], ['../../../../../../../etc/passwd'], ['/proc/self/environ']])(
    'csv_path %s',
    async (csvPath) => {
      const file = suite.production.settingsFile as string;
      const settings = JSON.parse(await readFile(file, 'utf8'));
      await withFile(file, JSON.stringify({ ...settings, oneroster: { ...settings.oneroster, csv_path: csvPath } }), async () => {
        await suite.harness.services.settings.reload();
        const answer = await suite.graphql<{ district: { source: unknown; bookmarked: { schools: unknown[] } } }>(
          SOURCE,
          {},
          { token: 'support' },
        );
        expect(answer.data?.district.source).toBeNull();
        expect(answer.data?.district.bookmarked.schools.length).toBeGreaterThan(0);
        expect(answer.errors?.[0]?.extensions?.code).toMatch(/^(BAD_BUNDLE|SOURCE_UNAVAILABLE|SOURCE_NOT_CONFIGURED)$/);
        expect(answer.text).not.toMatch(/root:|daemon:|PATH=|HOME=/);
      });
      await suite.harness.services.settings.reload();
    },
  );
});

describe('hostile bundles through the gateway', () => {
  const zipPath = () => suite.production.bundlePath as string;

  it('refuses a zip bomb by its compression ratio, without inflating it, and keeps Bookmarked answering', async () => {
    const bomb = zipSync({ 'users.csv': new Uint8Array(64 * 1024 * 1024).fill(0x61) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await withFile(zipPath(), bomb, async () => {
      const before = process.memoryUsage().rss;
      const answer = await suite.graphql<{ district: { source: unknown; bookmarked: { schools: unknown[] } } }>(
        SOURCE,
        {},
        { token: 'support' },
      );
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_BUNDLE');
      expect(answer.errors?.[0]?.message).toMatch(/compression-ratio limit/);
      expect(answer.data?.district.source).toBeNull();
      expect(answer.data?.district.bookmarked.schools.length).toBeGreaterThan(0);
      expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
    });
  });

  it('refuses an archive whose entries escape its folder, and writes nothing anywhere', async () => {
    const original = await readFile(zipPath());
    const target = path.join(scratch, 'escaped.csv');
    for (const name of ['../../../../escaped.csv', `${scratch}/escaped.csv`, 'users/../../escaped.csv', '..\\..\\escaped.csv']) {
      const evil = zipSync({ 'users.csv': strToU8('sourcedId\n'), [name]: strToU8('owned') });
      await withFile(zipPath(), evil, async () => {
        const answer = await suite.graphql(SOURCE, {}, { token: 'support' });
        expect(answer.errors?.[0]?.extensions?.code, name).toBe('BAD_BUNDLE');
        expect(answer.errors?.[0]?.message).toMatch(/escapes the archive's folder/);
      });
    }
    expect(existsSync(target)).toBe(false);
    expect(await readFile(zipPath())).toEqual(original);
  });

  it('does not show the content of a file a folder bundle links to', async () => {
    const usersCsv = path.join(suite.staging.bundlePath as string, 'users.csv');
    const canary = path.join(scratch, 'canary.txt');
    await writeFile(canary, 'sourcedId,secret\nCANARY-0000,do-not-show-this-line\n');
    const backup = `${usersCsv}.orig`;
    await copyFile(usersCsv, backup);
    try {
      await unlink(usersCsv);
      await symlink(canary, usersCsv);
      const answer = await suite.graphql(
        '{ district(id: "7101") { source { students { sourcedId givenName } } } }',
        {},
        { token: 'support' },
      );
      expect(answer.text).not.toContain('do-not-show-this-line');
      expect(answer.text).not.toContain('CANARY-0000');
    } finally {
      await rm(usersCsv, { force: true });
      await copyFile(backup, usersCsv);
      await rm(backup, { force: true });
    }
  });
});
