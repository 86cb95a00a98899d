import { describe, expect, it } from 'vitest';
import type { CustomerSettings } from './customer-settings-schema';
import { parseCustomerSettingsFile } from './load-customer-settings';
import { exampleSettingsFile } from './settings-test-fixtures';
import { resolveSourcePlan } from './source-plan';

const FILE = '/srv/settings/lakeside-isd.json';

const ONEROSTER_API = {
  enabled: true,
  csv_path: '',
  api_url: 'https://sis.lakeside.example/ims/oneroster/v1p1',
  client_id: 'lakeside-key',
  client_secret: 'env:LAKESIDE_ONEROSTER_SECRET',
};
const FTP = { enabled: true };
const CLASSLINK = {
  enabled: true,
  mode: 'proxy',
  api_url: 'https://proxy.classlink.example/ims/oneroster/v1p1',
  client_secret: 'aws-sm:lakeside/classlink#token',
};
const OFF = { enabled: false };

function settings(overrides: Record<string, unknown>): CustomerSettings {
  const parsed = parseCustomerSettingsFile({ filePath: FILE, text: JSON.stringify(exampleSettingsFile(overrides)) });
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('; '));
  return parsed.settings;
}

describe('resolveSourcePlan precedence', () => {
  const everything = settings({ oneroster: { enabled: true }, ftp: FTP, classlink: CLASSLINK });

  it('reads an uploaded bundle before anything configured', () => {
    expect(resolveSourcePlan(everything, { uploadedBundlePath: '/tmp/uploads/lakeside.zip' })).toEqual({
      customerId: 'lakeside-isd',
      kind: 'upload',
      bundlePath: '/tmp/uploads/lakeside.zip',
    });
  });

  it('then oneroster.csv_path, resolved against the settings folder', () => {
    expect(resolveSourcePlan(everything)).toEqual({
      customerId: 'lakeside-isd',
      kind: 'csv',
      bundlePath: '/srv/settings/exports/lakeside',
    });
  });

  it('keeps an absolute csv_path as it is', () => {
    const plan = resolveSourcePlan(settings({ oneroster: { csv_path: '/data/exports/lakeside.zip' } }));
    expect(plan).toMatchObject({ kind: 'csv', bundlePath: '/data/exports/lakeside.zip' });
  });

  it('then FTP, with the password still a reference', () => {
    expect(resolveSourcePlan(settings({ oneroster: ONEROSTER_API, ftp: FTP, classlink: CLASSLINK }))).toEqual({
      customerId: 'lakeside-isd',
      kind: 'ftp',
      host: 'ftp.lakeside.example',
      port: 21,
      username: 'bookmarked',
      password: { reference: 'env:LAKESIDE_FTP_PASSWORD', field: 'ftp.password' },
      path: '/data',
      secure: false,
    });
  });

  it('then OneRoster REST', () => {
    expect(resolveSourcePlan(settings({ oneroster: ONEROSTER_API, ftp: OFF, classlink: CLASSLINK }))).toEqual({
      customerId: 'lakeside-isd',
      kind: 'oneroster-api',
      apiUrl: 'https://sis.lakeside.example/ims/oneroster/v1p1',
      version: '1.1',
      auth: 'oauth1',
      clientId: 'lakeside-key',
      clientSecret: { reference: 'env:LAKESIDE_ONEROSTER_SECRET', field: 'oneroster.client_secret' },
      tokenUrl: null,
    });
  });

  it('then ClassLink', () => {
    expect(resolveSourcePlan(settings({ oneroster: OFF, ftp: OFF, classlink: CLASSLINK }))).toEqual({
      customerId: 'lakeside-isd',
      kind: 'classlink',
      mode: 'proxy',
      apiUrl: 'https://proxy.classlink.example/ims/oneroster/v1p1',
      tenantId: null,
      clientId: null,
      clientSecret: { reference: 'aws-sm:lakeside/classlink#token', field: 'classlink.client_secret' },
    });
  });

  it('skips a csv_path whose oneroster section is disabled', () => {
    expect(resolveSourcePlan(settings({ oneroster: { enabled: false }, ftp: FTP })).kind).toBe('ftp');
  });

  it('says so when nothing is enabled', () => {
    expect(resolveSourcePlan(settings({ oneroster: OFF, ftp: OFF, classlink: OFF }))).toEqual({
      customerId: 'lakeside-isd',
      kind: 'none',
      reason: 'no source is enabled: enable one of oneroster (with csv_path or api_url), ftp or classlink, or upload a bundle',
    });
  });
});

describe('an incomplete first source', () => {
  it('is reported, not passed over for the next one', () => {
    const plan = resolveSourcePlan(settings({ oneroster: OFF, ftp: { enabled: true, host: '' }, classlink: CLASSLINK }));
    expect(plan).toEqual({ customerId: 'lakeside-isd', kind: 'none', reason: 'ftp is enabled but ftp.host is empty' });
  });

  it('names every missing OneRoster REST field', () => {
    const plan = resolveSourcePlan(settings({ oneroster: { enabled: true, csv_path: '', auth: 'oauth2' } }));
    expect(plan).toMatchObject({
      kind: 'none',
      reason:
        'oneroster is enabled but oneroster.api_url (or oneroster.csv_path for a CSV bundle), oneroster.client_id, oneroster.client_secret, oneroster.token_url (auth is oauth2) are empty',
    });
  });

  it('needs a client id for ClassLink direct mode', () => {
    const plan = resolveSourcePlan(settings({ oneroster: OFF, classlink: { ...CLASSLINK, mode: 'direct' } }));
    expect(plan).toMatchObject({
      kind: 'none',
      reason: 'classlink is enabled but classlink.client_id (mode is direct) is empty',
    });
  });
});

describe('secret fields in a plan', () => {
  it('name the alias the file used', () => {
    const plan = resolveSourcePlan(
      settings({
        oneroster: {
          ...ONEROSTER_API,
          client_secret: '',
          api_key: 'aws-sm:lakeside/oneroster#key',
          auth: 'oauth2',
          token_url: 'https://sis.lakeside.example/token',
        },
      }),
    );
    expect(plan).toMatchObject({
      kind: 'oneroster-api',
      auth: 'oauth2',
      tokenUrl: 'https://sis.lakeside.example/token',
      clientSecret: { reference: 'aws-sm:lakeside/oneroster#key', field: 'oneroster.api_key' },
    });
  });
});
