import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsError } from '../errors';
import { loadCustomerSettings } from './load-customer-settings';
import { exampleSettingsFile, settingsFolder } from './settings-test-fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function folderWith(files: Parameters<typeof settingsFolder>[0]): Promise<string> {
  const { dir, remove } = await settingsFolder(files);
  cleanups.push(remove);
  return dir;
}

const northValley = () =>
  exampleSettingsFile({ customer_id: 'north-valley', customer_name: 'North Valley USD', bookmarked_org_id: '1002' });

describe('loadCustomerSettings', () => {
  it('loads every customer file, skipping the template, backups and hidden files', async () => {
    const dir = await folderWith({
      'lakeside-isd.json': exampleSettingsFile(),
      'north-valley.json': northValley(),
      'template.json': '{ "not": "a customer"',
      'lakeside-isd.json.bak': '{ broken',
      '.lakeside-isd.json.123.tmp': '{ broken',
      '.hidden.json': '{ broken',
      'README.md': '# settings',
    });

    const { customers, problems } = await loadCustomerSettings({ dir });

    expect(problems).toEqual([]);
    expect(customers.map((customer) => [customer.customerId, customer.bookmarkedOrgId, customer.filePath])).toEqual([
      ['lakeside-isd', '1001', join(dir, 'lakeside-isd.json')],
      ['north-valley', '1002', join(dir, 'north-valley.json')],
    ]);
  });

  it('keeps loading the good files when others are bad, naming each bad file and field', async () => {
    const dir = await folderWith({
      'a-broken-json.json': '{\n  "customer_id": "broken",\n}',
      'b-bad-port.json': exampleSettingsFile({ customer_id: 'bad-port', bookmarked_org_id: '1003', ftp: { port: '21a' } }),
      'north-valley.json': northValley(),
    });

    const { customers, problems } = await loadCustomerSettings({ dir });

    expect(customers.map((customer) => customer.customerId)).toEqual(['north-valley']);
    expect(problems.map((problem) => problem.message)).toEqual([
      `a-broken-json.json: invalid JSON at line 3, column 1: expected a property name after ',' (no trailing commas in JSON), found '}'`,
      'b-bad-port.json (ftp.port): expected a number, got "21a"',
    ]);
    expect(problems[1]).toBeInstanceOf(SettingsError);
    expect(problems[1]?.details).toEqual({ file: 'b-bad-port.json', field: 'ftp.port' });
  });

  it('reports a duplicate customer_id naming both files, and uses neither', async () => {
    const dir = await folderWith({
      'lakeside-isd.json': exampleSettingsFile(),
      'lakeside-copy.json': exampleSettingsFile({ bookmarked_org_id: '1009' }),
      'north-valley.json': northValley(),
    });

    const { customers, problems } = await loadCustomerSettings({ dir });

    expect(customers.map((customer) => customer.customerId)).toEqual(['north-valley']);
    expect(problems.map((problem) => problem.message)).toEqual([
      'lakeside-copy.json (customer_id): "lakeside-isd" is also the customer_id of lakeside-isd.json; each customer needs its own, so none of these files is used until one is fixed',
    ]);
  });

  it('reports a duplicate bookmarked_org_id naming both files, comparing ids as numbers', async () => {
    const dir = await folderWith({
      'lakeside-isd.json': exampleSettingsFile(),
      'north-valley.json': exampleSettingsFile({ customer_id: 'north-valley', bookmarked_org_id: '01001' }),
    });

    const { customers, problems } = await loadCustomerSettings({ dir });

    expect(customers).toEqual([]);
    expect(problems.map((problem) => problem.message)).toEqual([
      'lakeside-isd.json (bookmarked_org_id): "1001" is also the bookmarked_org_id of north-valley.json; each customer needs its own, so none of these files is used until one is fixed',
    ]);
  });

  it('does not count unset district ids as duplicates', async () => {
    const dir = await folderWith({
      'new-one.json': exampleSettingsFile({ customer_id: 'new-one', bookmarked_org_id: '' }),
      'new-two.json': exampleSettingsFile({ customer_id: 'new-two', bookmarked_org_id: '' }),
    });

    const { customers, problems } = await loadCustomerSettings({ dir });

    expect(problems).toEqual([]);
    expect(customers).toHaveLength(2);
  });

  it('reports a missing folder as a problem instead of failing', async () => {
    const dir = await folderWith({});
    const missing = join(dir, 'nope');

    const { customers, problems } = await loadCustomerSettings({ dir: missing });

    expect(customers).toEqual([]);
    expect(problems.map((problem) => problem.message)).toEqual([
      `${missing}: the settings folder does not exist; set CUSTOMER_SETTINGS_DIR to the folder of customer settings files`,
    ]);
  });
});
