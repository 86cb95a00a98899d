import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakesideSpec, riverbendSpec } from '../testing/district-specs';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness';

// The whole gateway on real parts (PostgreSQL, generated districts, a temp settings folder):
// the settings API as the Customers screens use it.

const LAKESIDE = lakesideSpec();
const RIVERBEND = riverbendSpec({ source: 'csv-zip', environment: 'production' });

const CUSTOMER_FIELDS =
  'customerId customerName districtName integrationType environment bookmarkedOrgId active sourceKind fileName file';
const PROBLEM_FIELDS = 'file field message';
const SAVE = `mutation Save($input: SaveCustomerSettingsInput!) {
  saveCustomerSettings(input: $input) { ok problems { ${PROBLEM_FIELDS} } settings { ${CUSTOMER_FIELDS} } }
}`;
const IMPORT = `mutation Import($files: JSON!, $dryRun: Boolean) {
  importCustomerSettings(files: $files, dryRun: $dryRun) { ok problems { ${PROBLEM_FIELDS} } saved { customerId fileName } }
}`;

type Problem = { file: string; field: string | null; message: string };
type Customer = { customerId: string; fileName: string; sourceKind: string; file: Record<string, unknown> } & Record<
  string,
  unknown
>;
type SaveData = { saveCustomerSettings: { ok: boolean; problems: Problem[]; settings: Customer | null } };
type ImportData = { importCustomerSettings: { ok: boolean; problems: Problem[]; saved: { customerId: string }[] } };

/** A new customer's file in the contract's format. */
function newCustomer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customer_id: 'north-valley',
    customer_name: 'North Valley SD',
    district_name: 'North Valley School District',
    integration_type: 'OneRoster',
    oneroster: { enabled: true, version: '1.1', csv_path: 'exports/north-valley', client_secret: '' },
    ftp: { enabled: false, host: '', port: 21, username: '', password: '' },
    oneshelf_environment: 'staging',
    bookmarked_org_id: '2001',
    active: true,
    notes: '',
    ...overrides,
  };
}

describe('customer settings through the gateway', () => {
  let harness: GatewayHarness;
  let settingsDir: string;

  beforeAll(async () => {
    harness = await startGatewayHarness({ specs: [LAKESIDE, RIVERBEND] });
    settingsDir = harness.services.settings.dir;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const auditRows = async (action: string) =>
    (
      await harness.services.appDatabase.query<{ actor: string; detail: Record<string, unknown> }>(
        'SELECT actor, detail FROM audit_log WHERE action = $1 ORDER BY id',
        [action],
      )
    ).rows;
  const jsonFiles = async () => (await readdir(settingsDir)).filter((name) => name.endsWith('.json')).sort();

  it('lists every customer and reads one, with the file in the contract format', async () => {
    const list = await harness.graphql<{ customers: Customer[] }>(`{ customers { ${CUSTOMER_FIELDS} } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data?.customers.map((c) => c.customerId)).toEqual(['lakeside-isd', 'riverbend-usd']);
    expect(list.data?.customers[1]).toMatchObject({
      customerName: 'Riverbend USD',
      environment: 'PRODUCTION',
      bookmarkedOrgId: '1002',
      sourceKind: 'csv',
      fileName: 'riverbend-usd.json',
      active: true,
    });

    const one = await harness.graphql<{ customerSettings: Customer | null; missing: Customer | null }>(
      `{ customerSettings(customerId: "lakeside-isd") { ${CUSTOMER_FIELDS} } missing: customerSettings(customerId: "nobody") { customerId } }`,
    );
    expect(one.data?.missing).toBeNull();
    expect(one.data?.customerSettings?.file).toMatchObject({
      customer_id: 'lakeside-isd',
      bookmarked_org_id: '1001',
      oneroster: { enabled: true },
      ftp: { enabled: false },
    });
  });

  it('names the file and the field of a settings file that does not load', async () => {
    const broken = join(settingsDir, 'broken.json');
    await writeFile(broken, JSON.stringify({ customer_id: 'broken', ftp: { enabled: true, host: 'ftp.example', port: 'abc' } }));
    try {
      await harness.services.settings.reload();
      const answer = await harness.graphql<{ customerSettingsProblems: Problem[]; customers: { customerId: string }[] }>(
        `{ customerSettingsProblems { ${PROBLEM_FIELDS} } customers { customerId } }`,
      );
      expect(answer.data?.customerSettingsProblems).toEqual([
        { file: 'broken.json', field: 'ftp.port', message: 'expected a number, got "abc"' },
      ]);
      expect(answer.data?.customers.map((c) => c.customerId)).not.toContain('broken');
    } finally {
      await rm(broken, { force: true });
      await harness.services.settings.reload();
    }
  });

  it('saves a valid file for an admin: written, loaded, audited; a dry run writes nothing', async () => {
    const before = await jsonFiles();
    const dry = await harness.graphql<SaveData>(SAVE, { input: { file: newCustomer(), dryRun: true } }, { role: 'admin' });
    expect(dry.data?.saveCustomerSettings).toMatchObject({ ok: true, problems: [], settings: { fileName: 'north-valley.json' } });
    expect(await jsonFiles()).toEqual(before);

    const saved = await harness.graphql<SaveData>(SAVE, { input: { file: newCustomer() } }, { role: 'admin' });
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.saveCustomerSettings).toMatchObject({
      ok: true,
      problems: [],
      settings: { customerId: 'north-valley', fileName: 'north-valley.json', sourceKind: 'csv', bookmarkedOrgId: '2001' },
    });
    const written = JSON.parse(await readFile(join(settingsDir, 'north-valley.json'), 'utf8'));
    expect(written).toMatchObject({
      customer_id: 'north-valley',
      bookmarked_org_id: '2001',
      oneroster: { csv_path: 'exports/north-valley' },
    });

    const read = await harness.graphql<{ customerSettings: Customer | null }>(
      '{ customerSettings(customerId: "north-valley") { customerName } }',
    );
    expect(read.data?.customerSettings).toEqual({ customerName: 'North Valley SD' });

    // Editing keeps the previous version beside it.
    const edited = await harness.graphql<SaveData>(
      SAVE,
      { input: { file: newCustomer({ notes: 'Moved to FTP next term.' }) } },
      { role: 'admin' },
    );
    expect(edited.data?.saveCustomerSettings.ok).toBe(true);
    expect(JSON.parse(await readFile(join(settingsDir, 'north-valley.json.bak'), 'utf8')).notes).toBe('');

    const audits = await auditRows('settings_saved');
    expect(audits.map((row) => [row.detail.customerId, row.detail.dryRun, row.detail.written])).toEqual([
      ['north-valley', true, false],
      ['north-valley', false, true],
      ['north-valley', false, true],
    ]);
    expect(audits[1]?.actor).toMatch(/^token:/);
  });

  it('refuses an invalid file with problems on dotted fields, and writes nothing', async () => {
    const before = await jsonFiles();
    const answer = await harness.graphql<SaveData>(
      SAVE,
      {
        input: {
          file: newCustomer({
            customer_id: 'bad-one',
            bookmarked_org_id: '2002',
            ftp: { enabled: true, host: 'ftp.example', port: 70000, password: 'hunter2-plain-secret' },
          }),
        },
      },
      { role: 'admin' },
    );
    expect(answer.errors).toBeUndefined();
    const result = answer.data?.saveCustomerSettings;
    expect(result?.ok).toBe(false);
    expect(result?.settings).toBeNull();
    expect(result?.problems.map((p) => [p.file, p.field])).toEqual([
      ['bad-one.json', 'ftp.port'],
      ['bad-one.json', 'ftp.password'],
    ]);
    expect(result?.problems[0]?.message).toBe('expected a whole number from 1 to 65535, got 70000');
    expect(JSON.stringify(answer)).not.toContain('hunter2-plain-secret');
    expect(await jsonFiles()).toEqual(before);

    // Another customer's district id is a conflict on that field.
    const conflict = await harness.graphql<SaveData>(
      SAVE,
      { input: { file: newCustomer({ customer_id: 'copycat', bookmarked_org_id: '1001' }) } },
      { role: 'admin' },
    );
    expect(conflict.data?.saveCustomerSettings.problems).toEqual([
      {
        file: 'copycat.json',
        field: 'bookmarked_org_id',
        message: '"1001" is already the bookmarked_org_id of lakeside-isd.json',
      },
    ]);
    expect(await jsonFiles()).toEqual(before);
  });

  it('imports all or nothing', async () => {
    const before = await jsonFiles();
    const good = newCustomer({ customer_id: 'east-ridge', bookmarked_org_id: '3001' });
    const bad = newCustomer({ customer_id: 'west-ridge', bookmarked_org_id: '3002', oneshelf_environment: 'prod' });
    const refused = await harness.graphql<ImportData>(IMPORT, { files: [good, bad] }, { role: 'admin' });
    expect(refused.data?.importCustomerSettings).toEqual({
      ok: false,
      problems: [
        {
          file: 'west-ridge.json',
          field: 'oneshelf_environment',
          message: 'expected one of "staging", "production", got "prod"',
        },
      ],
      saved: [],
    });
    expect(await jsonFiles()).toEqual(before);

    const twice = await harness.graphql<ImportData>(
      IMPORT,
      { files: { customers: [good, { ...good, customer_id: 'east-ridge-2' }] } },
      { role: 'admin' },
    );
    expect(twice.data?.importCustomerSettings.problems).toEqual([
      {
        file: 'east-ridge-2.json',
        field: 'bookmarked_org_id',
        message: '"3001" is also the bookmarked_org_id of east-ridge.json in this import; each customer needs its own',
      },
    ]);

    const dry = await harness.graphql<ImportData>(IMPORT, { files: [good], dryRun: true }, { role: 'admin' });
    expect(dry.data?.importCustomerSettings).toMatchObject({ ok: true, saved: [{ customerId: 'east-ridge' }] });
    expect(await jsonFiles()).toEqual(before);

    const fixed = { ...bad, oneshelf_environment: 'production' };
    const imported = await harness.graphql<ImportData>(IMPORT, { files: [good, fixed] }, { role: 'admin' });
    expect(imported.data?.importCustomerSettings).toMatchObject({
      ok: true,
      problems: [],
      saved: [{ customerId: 'east-ridge' }, { customerId: 'west-ridge' }],
    });
    expect(await jsonFiles()).toEqual([...before, 'east-ridge.json', 'west-ridge.json'].sort());
    const audits = (await auditRows('settings_saved')).filter((row) => row.detail.operation === 'importCustomerSettings');
    expect(audits.map((row) => row.detail.written)).toEqual([false, false, false, true]);
  });

  it('refuses changes to viewers and support, and reads to viewers', async () => {
    const before = await jsonFiles();
    for (const role of ['viewer', 'support'] as const) {
      const save = await harness.graphql(SAVE, { input: { file: newCustomer({ customer_id: 'sneaky' }) } }, { role });
      expect(save.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(save.errors?.[0]?.message).toBe(`Mutation.saveCustomerSettings needs the admin role; you are signed in as ${role}.`);
      const imported = await harness.graphql(IMPORT, { files: [newCustomer({ customer_id: 'sneaky' })] }, { role });
      expect(imported.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await jsonFiles()).toEqual(before);

    const viewer = await harness.graphql('{ customers { customerId } }', {}, { role: 'viewer' });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const support = await harness.graphql<{ customers: unknown[] }>('{ customers { customerId } }', {}, { role: 'support' });
    expect(support.data?.customers.length).toBeGreaterThan(0);
  });

  it('never shows a plain value from a secret-looking field beyond the contract, and keeps it on save', async () => {
    const file = join(settingsDir, 'south-lake.json');
    await writeFile(
      file,
      JSON.stringify(newCustomer({ customer_id: 'south-lake', bookmarked_org_id: '4001', legacy_api_token: 'tok-plain-123' })),
    );
    await harness.services.settings.reload();
    const read = await harness.graphql<{ customerSettings: Customer }>('{ customerSettings(customerId: "south-lake") { file } }');
    expect(JSON.stringify(read)).not.toContain('tok-plain-123');
    const shown = read.data?.customerSettings.file ?? {};
    expect(shown.legacy_api_token).toBe('[redacted: not a secret reference]');

    const saved = await harness.graphql<SaveData>(SAVE, { input: { file: { ...shown, notes: 'edited' } } }, { role: 'admin' });
    expect(saved.data?.saveCustomerSettings.ok).toBe(true);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toMatchObject({ notes: 'edited', legacy_api_token: 'tok-plain-123' });
  });
});
