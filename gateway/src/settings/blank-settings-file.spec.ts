import { describe, expect, it } from 'vitest';
import { blankSettingsFile } from './blank-settings-file';
import { parseCustomerSettingsFile } from './load-customer-settings';
import { exampleSettingsFile } from './settings-test-fixtures';

const parse = (file: unknown) =>
  parseCustomerSettingsFile({ filePath: '/settings/new.json', text: JSON.stringify(file, null, 2) });

describe('the blank settings file', () => {
  it('has exactly the contract example’s fields, section by section', () => {
    const example = exampleSettingsFile() as Record<string, unknown>;
    expect(Object.keys(blankSettingsFile()).sort()).toEqual(Object.keys(example).sort());
    for (const section of ['classlink', 'oneroster', 'ftp'] as const) {
      expect(Object.keys(blankSettingsFile()[section]).sort(), section).toEqual(Object.keys(example[section] as object).sort());
    }
  });

  it('loads as it is (the id falls back to the file name) and with the fields a new customer fills in', () => {
    const blank = parse(blankSettingsFile());
    expect(blank.ok ? blank.settings : blank.problems.map((problem) => problem.message)).toMatchObject({
      customerId: 'new',
      oneroster: { enabled: true, csvPath: null },
    });
    const file = { ...blankSettingsFile(), customer_id: 'new-district', bookmarked_org_id: '4242' };
    const named = parse({ ...file, oneroster: { ...file.oneroster, csv_path: '/data/new-district' } });
    expect(named.ok ? named.settings : named.problems.map((problem) => problem.message)).toMatchObject({
      customerId: 'new-district',
      bookmarkedOrgId: '4242',
      active: true,
      oneroster: { csvPath: '/data/new-district' },
    });
  });
});
