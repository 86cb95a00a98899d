import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretReference } from '../connectors/secrets/secret-reference';
import type { CustomerSettings } from './customer-settings-schema';
import { loadCustomerSettings } from './load-customer-settings';
import { saveCustomerSettings } from './save-customer-settings';
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

async function loadOnly(dir: string, customerId: string): Promise<CustomerSettings> {
  const { customers, problems } = await loadCustomerSettings({ dir });
  expect(problems).toEqual([]);
  const customer = customers.find((candidate) => candidate.customerId === customerId);
  if (!customer) throw new Error(`${customerId} not loaded`);
  return customer;
}

describe('saveCustomerSettings', () => {
  it('writes what loads back the same, keeping the previous version as .bak and no temp files', async () => {
    const original = `${JSON.stringify(exampleSettingsFile({ hubspot_company_id: '42', ftp: { passive: true } }), null, 2)}\n`;
    const dir = await folderWith({ 'lakeside-isd.json': original });
    const loaded = await loadOnly(dir, 'lakeside-isd');
    const edited: CustomerSettings = { ...loaded, notes: 'Moved to FTP.', ftp: { ...loaded.ftp, enabled: true, port: 2121 } };

    const result = await saveCustomerSettings({ dir, settings: edited });

    expect(result).toEqual({ ok: true, settings: edited });
    expect(await loadOnly(dir, 'lakeside-isd')).toEqual(edited);
    expect(await readFile(join(dir, 'lakeside-isd.json.bak'), 'utf8')).toBe(original);
    expect((await readdir(dir)).sort()).toEqual(['lakeside-isd.json', 'lakeside-isd.json.bak']);
    const written = JSON.parse(await readFile(join(dir, 'lakeside-isd.json'), 'utf8'));
    expect(written).toMatchObject({ hubspot_company_id: '42', notes: 'Moved to FTP.', ftp: { port: 2121, passive: true } });
  });

  it('creates a new customer file named after its id', async () => {
    const dir = await folderWith({ 'lakeside-isd.json': exampleSettingsFile() });
    const lakeside = await loadOnly(dir, 'lakeside-isd');
    const { filePath: _lakesidePath, ...fields } = lakeside;

    const result = await saveCustomerSettings({
      dir,
      settings: { ...fields, customerId: 'north-valley', bookmarkedOrgId: '1002' },
    });

    expect(result.ok).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['lakeside-isd.json', 'north-valley.json']);
    expect((await loadOnly(dir, 'north-valley')).bookmarkedOrgId).toBe('1002');
  });

  it('folds secret aliases into client_secret', async () => {
    const dir = await folderWith({ 'lakeside-isd.json': exampleSettingsFile({ oneroster: { api_key: 'env:LAKESIDE_KEY' } }) });
    const loaded = await loadOnly(dir, 'lakeside-isd');

    await saveCustomerSettings({ dir, settings: loaded });

    const written = JSON.parse(await readFile(join(dir, 'lakeside-isd.json'), 'utf8'));
    expect(written.oneroster.client_secret).toBe('env:LAKESIDE_KEY');
    expect(written.oneroster).not.toHaveProperty('api_key');
    expect((await loadOnly(dir, 'lakeside-isd')).oneroster.clientSecret).toBe('env:LAKESIDE_KEY');
  });

  it('refuses a plain secret, naming the field, and leaves the file untouched', async () => {
    const original = JSON.stringify(exampleSettingsFile());
    const dir = await folderWith({ 'lakeside-isd.json': original });
    const loaded = await loadOnly(dir, 'lakeside-isd');
    // What a careless form submission could send: the password itself.
    const pasted = { ...loaded, ftp: { ...loaded.ftp, password: 'hunter2' as SecretReference } };

    const result = await saveCustomerSettings({ dir, settings: pasted });

    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((problem) => problem.message);
    expect(messages).toEqual([
      'lakeside-isd.json (ftp.password): expected a secret reference (env:NAME, aws-sm:SECRET_ID#json_key or vault:NAME) or "", found a plain value; store the secret in the environment, AWS Secrets Manager or the credential vault and reference it here',
    ]);
    expect(await readFile(join(dir, 'lakeside-isd.json'), 'utf8')).toBe(original);
    expect(await readdir(dir)).toEqual(['lakeside-isd.json']);
  });

  it('accepts references and empty secrets', async () => {
    const dir = await folderWith({ 'lakeside-isd.json': exampleSettingsFile() });
    const loaded = await loadOnly(dir, 'lakeside-isd');

    const result = await saveCustomerSettings({
      dir,
      settings: {
        ...loaded,
        ftp: { ...loaded.ftp, password: 'aws-sm:lakeside/ftp#password' },
        classlink: { ...loaded.classlink, clientSecret: null },
      },
    });

    expect(result.ok).toBe(true);
  });

  it('refuses a customer_id or bookmarked_org_id that another file holds, naming it', async () => {
    const dir = await folderWith({
      'lakeside-isd.json': exampleSettingsFile(),
      'north-valley.json': exampleSettingsFile({ customer_id: 'north-valley', bookmarked_org_id: '1002' }),
    });
    const northValley = await loadOnly(dir, 'north-valley');

    const result = await saveCustomerSettings({
      dir,
      settings: { ...northValley, customerId: 'lakeside-isd', bookmarkedOrgId: '1001' },
    });

    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual([
      'north-valley.json (customer_id): "lakeside-isd" is already the customer_id of lakeside-isd.json',
      'north-valley.json (bookmarked_org_id): "1001" is already the bookmarked_org_id of lakeside-isd.json',
    ]);
  });

  it('refuses to write the template or outside the folder', async () => {
    const dir = await folderWith({ 'lakeside-isd.json': exampleSettingsFile() });
    const loaded = await loadOnly(dir, 'lakeside-isd');

    for (const fileName of ['template.json', '../escape.json', 'notes.txt']) {
      const result = await saveCustomerSettings({ dir, settings: loaded, fileName });
      expect(result.ok, fileName).toBe(false);
    }
    expect(await readdir(dir)).toEqual(['lakeside-isd.json']);
  });
});
