import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettingsDirectory, DEFAULT_SETTINGS_DIR, settingsDirFromEnv } from './settings-directory';
import { exampleSettingsFile, settingsFolder, writeSettingsFiles } from './settings-test-fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function folderWith(files: Parameters<typeof settingsFolder>[0]): Promise<string> {
  const { dir, remove } = await settingsFolder(files);
  cleanups.push(remove);
  return dir;
}

describe('createSettingsDirectory', () => {
  it('finds customers by district id and by customer id', async () => {
    const dir = await folderWith({
      'lakeside-isd.json': exampleSettingsFile(),
      'broken.json': exampleSettingsFile({ customer_id: 'broken', bookmarked_org_id: '1003', active: 'yes' }),
    });
    const settings = createSettingsDirectory({ dir });

    expect((await settings.byDistrictId('1001'))?.customerId).toBe('lakeside-isd');
    expect((await settings.byDistrictId('01001'))?.customerId).toBe('lakeside-isd');
    expect((await settings.byCustomerId('lakeside-isd'))?.bookmarkedOrgId).toBe('1001');
    expect(await settings.byDistrictId('1003')).toBeNull();
    expect(await settings.byCustomerId('nobody')).toBeNull();
    expect((await settings.all()).map((customer) => customer.customerId)).toEqual(['lakeside-isd']);
    expect((await settings.problems()).map((problem) => problem.message)).toEqual([
      'broken.json (active): expected true or false, got "yes"',
    ]);
  });

  it('answers from its cache until reload', async () => {
    const dir = await folderWith({ 'lakeside-isd.json': exampleSettingsFile() });
    const settings = createSettingsDirectory({ dir });
    expect(await settings.all()).toHaveLength(1);

    await writeSettingsFiles(dir, {
      'north-valley.json': exampleSettingsFile({ customer_id: 'north-valley', bookmarked_org_id: '1002' }),
    });
    expect(await settings.byDistrictId('1002')).toBeNull();

    await settings.reload();
    expect((await settings.byDistrictId('1002'))?.customerId).toBe('north-valley');
  });

  it('reloads after a save', async () => {
    const dir = await folderWith({ 'lakeside-isd.json': exampleSettingsFile() });
    const settings = createSettingsDirectory({ dir });
    const lakeside = await settings.byCustomerId('lakeside-isd');
    if (!lakeside) throw new Error('lakeside-isd not loaded');

    const result = await settings.save({ settings: { ...lakeside, oneshelfEnvironment: 'staging' } });

    expect(result.ok).toBe(true);
    expect((await settings.byCustomerId('lakeside-isd'))?.oneshelfEnvironment).toBe('staging');
  });
});

describe('settingsDirFromEnv', () => {
  it('uses CUSTOMER_SETTINGS_DIR, else the repository folder', () => {
    expect(settingsDirFromEnv({ env: { CUSTOMER_SETTINGS_DIR: 'some/where' } })).toBe(resolve('some/where'));
    expect(settingsDirFromEnv({ env: {} })).toBe(DEFAULT_SETTINGS_DIR);
    expect(DEFAULT_SETTINGS_DIR).toMatch(/customer-integration-settings\/$/);
  });
});
