import { describe, expect, it } from 'vitest';
import {
  collectImport,
  emptySettingsFile,
  filterCustomers,
  getPath,
  parseImport,
  setPath,
  validateSettingsFile,
} from './customer-settings';

const valid = () =>
  setPath(
    setPath(setPath(emptySettingsFile(), 'customer_id', 'lakeside-isd'), 'bookmarked_org_id', '1001'),
    'oneroster.csv_path',
    'exports/lakeside',
  );

describe('customer settings form', () => {
  it('accepts the contract-shaped file', () => {
    expect(validateSettingsFile(valid())).toEqual({});
  });

  it('names each bad field with the gateway schema’s message', () => {
    let file = valid();
    file = setPath(file, 'ftp.port', 70000);
    file = setPath(file, 'ftp.password', 'hunter2');
    file = setPath(file, 'oneroster.api_url', 'ftp://x');
    file = setPath(file, 'bookmarked_org_id', 'abc');
    file = setPath(file, 'customer_id', 'bad id!');
    const errors = validateSettingsFile(file);
    expect(Object.keys(errors).sort()).toEqual([
      'bookmarked_org_id',
      'customer_id',
      'ftp.password',
      'ftp.port',
      'oneroster.api_url',
    ]);
    expect(errors['ftp.port']).toMatch(/1 to 65535/);
    expect(errors['ftp.password']).toMatch(/secret reference/);
    expect(errors['ftp.password']).not.toContain('hunter2');
    expect(errors['oneroster.api_url']).toMatch(/http\(s\) URL/);
  });

  it('asks for what an enabled source needs', () => {
    const file = setPath(setPath(valid(), 'oneroster.csv_path', ''), 'ftp.enabled', true);
    expect(validateSettingsFile(file)).toEqual({
      'oneroster.csv_path': 'OneRoster is enabled: give a CSV bundle path or an API URL.',
      'ftp.host': 'FTP is enabled: give the host.',
    });
    expect(validateSettingsFile(setPath(valid(), 'customer_id', '')).customer_id).toMatch(/needed to save/);
  });

  it('reads and writes dotted paths without touching the original', () => {
    const file = emptySettingsFile();
    const changed = setPath(file, 'ftp.host', 'ftp.x');
    expect(getPath(changed, 'ftp.host')).toBe('ftp.x');
    expect(getPath(file, 'ftp.host')).toBe('');
  });

  it('imports one file, a list, or { customers: [...] }', () => {
    expect(parseImport('{"customer_id":"a"}')).toEqual({ ok: true, files: [{ customer_id: 'a' }] });
    expect(parseImport('[{"customer_id":"a"},{"customer_id":"b"}]')).toMatchObject({ ok: true, files: [{}, {}] });
    expect(parseImport('{"customers":[{"customer_id":"a"}]}')).toMatchObject({ ok: true });
    expect(parseImport('[1]')).toMatchObject({ ok: false });
    expect(parseImport('{oops')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
  });

  it('filters the list by text, integration type and environment', () => {
    const rows = [
      {
        customerId: 'lakeside-isd',
        customerName: 'Lakeside ISD',
        districtName: null,
        integrationType: 'OneRoster',
        environment: 'PRODUCTION',
        bookmarkedOrgId: '1001',
        active: true,
        sourceKind: 'csv',
      },
      {
        customerId: 'spring',
        customerName: 'Spring',
        districtName: null,
        integrationType: 'ClassLink',
        environment: 'STAGING',
        bookmarkedOrgId: '1100',
        active: true,
        sourceKind: 'classlink',
      },
    ];
    expect(filterCustomers(rows, { search: '1001', integrationType: '', environment: '' }).map((r) => r.customerId)).toEqual([
      'lakeside-isd',
    ]);
    expect(filterCustomers(rows, { search: '', integrationType: 'classlink', environment: '' }).map((r) => r.customerId)).toEqual(
      ['spring'],
    );
    expect(filterCustomers(rows, { search: '', integrationType: '', environment: 'production' })).toHaveLength(1);
  });
});

describe('collectImport', () => {
  const text = (value: unknown) => JSON.stringify(value);

  it('takes several uploads, each a file, a list or an export, in order', () => {
    const north = setPath(valid(), 'customer_id', 'north');
    const south = setPath(setPath(valid(), 'customer_id', 'south'), 'bookmarked_org_id', '1003');
    const { files, problems } = collectImport([
      { name: 'lakeside.json', text: text(valid()) },
      { name: 'export.json', text: text({ customers: [north, south] }) },
    ]);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.customer_id)).toEqual(['lakeside-isd', 'north', 'south']);
  });

  it('names the upload, the customer in it and the field of every problem', () => {
    const bad = setPath(setPath(valid(), 'customer_id', 'west'), 'ftp.port', 'abc');
    const { problems } = collectImport([
      { name: 'good.json', text: text(valid()) },
      { name: 'many.json', text: text([valid(), bad]) },
      { name: 'broken.json', text: '{ "customer_id": ' },
    ]);
    expect(problems.map((p) => [p.file, p.field])).toEqual([
      ['many.json › west', 'ftp.port'],
      ['broken.json', null],
    ]);
    expect(problems[1]?.message).toMatch(/^The file is not valid JSON/);
  });

  it('asks for a file when none was chosen', () => {
    expect(collectImport([]).problems).toEqual([
      { file: '(none)', field: null, message: 'Choose one or more settings files (.json).' },
    ]);
  });
});
