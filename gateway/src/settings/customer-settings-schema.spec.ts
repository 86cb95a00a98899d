import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../errors';
import type { CustomerSettings } from './customer-settings-schema';
import { parseCustomerSettingsFile } from './load-customer-settings';
import { CONTRACT_EXAMPLE_PATH, exampleSettingsFile, TEMPLATE_PATH } from './settings-test-fixtures';

const FILE = '/settings/lakeside-isd.json';

function parse(json: unknown, filePath = FILE) {
  return parseCustomerSettingsFile({ filePath, text: typeof json === 'string' ? json : JSON.stringify(json, null, 2) });
}

function settingsOf(json: unknown, filePath = FILE): CustomerSettings {
  const parsed = parse(json, filePath);
  if (!parsed.ok) throw new Error(`expected valid settings, got: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return parsed.settings;
}

function problemMessages(json: unknown): string[] {
  const parsed = parse(json);
  if (parsed.ok) throw new Error('expected problems, the settings are valid');
  for (const problem of parsed.problems) expect(problem).toBeInstanceOf(SettingsError);
  return parsed.problems.map((problem) => problem.message);
}

describe('valid files', () => {
  it('reads the contract example into normalised settings', () => {
    const settings = settingsOf(readFileSync(CONTRACT_EXAMPLE_PATH, 'utf8'));

    expect(settings).toEqual({
      customerId: 'lakeside-isd',
      customerName: 'Lakeside ISD',
      districtName: 'Lakeside Independent School District',
      integrationType: 'OneRoster',
      classlink: {
        enabled: false,
        tenantId: null,
        mode: 'direct',
        apiUrl: null,
        clientId: null,
        clientSecret: null,
        clientSecretKey: 'client_secret',
        unknownFields: {},
      },
      oneroster: {
        enabled: true,
        version: '1.1',
        apiUrl: null,
        auth: 'oauth1',
        clientId: null,
        clientSecret: null,
        clientSecretKey: 'client_secret',
        tokenUrl: null,
        csvUpload: true,
        csvPath: 'exports/lakeside',
        unknownFields: {},
      },
      ftp: {
        enabled: false,
        host: 'ftp.lakeside.example',
        port: 21,
        username: 'bookmarked',
        password: 'env:LAKESIDE_FTP_PASSWORD',
        path: '/data',
        secure: false,
        unknownFields: {},
      },
      oneshelfEnvironment: 'production',
      bookmarkedOrgId: '1001',
      active: true,
      notes: 'Nightly OneRoster 1.1 CSV export.',
      unknownFields: {},
      filePath: FILE,
    });
  });

  it('loads template.json, whose empty values all mean "not set"', () => {
    const settings = settingsOf(readFileSync(TEMPLATE_PATH, 'utf8'), '/settings/template.json');

    expect(settings.customerId).toBe('template');
    expect(settings.bookmarkedOrgId).toBeNull();
    expect(settings.oneshelfEnvironment).toBeNull();
    expect([settings.classlink.enabled, settings.oneroster.enabled, settings.ftp.enabled]).toEqual([false, false, false]);
  });

  it('takes the customer id from the file name when customer_id is empty', () => {
    expect(settingsOf(exampleSettingsFile({ customer_id: '' }), '/settings/north-valley.json').customerId).toBe('north-valley');
  });

  it('treats missing sections as disabled ones with defaults', () => {
    const settings = settingsOf({ customer_id: 'bare' });

    expect(settings.ftp).toMatchObject({ enabled: false, port: 21, host: null, secure: false });
    expect(settings.oneroster).toMatchObject({ enabled: false, version: '1.1', auth: 'oauth1' });
    expect(settings.classlink).toMatchObject({ enabled: false, mode: 'direct' });
    expect(settings.active).toBe(true);
  });

  it('keeps unknown fields, at the top and in sections', () => {
    const settings = settingsOf(exampleSettingsFile({ hubspot_company_id: '42', ftp: { passive: true } }));

    expect(settings.unknownFields).toEqual({ hubspot_company_id: '42' });
    expect(settings.ftp.unknownFields).toEqual({ passive: true });
  });

  it('writes district ids in canonical form', () => {
    expect(settingsOf(exampleSettingsFile({ bookmarked_org_id: '01001' })).bookmarkedOrgId).toBe('1001');
    expect(settingsOf(exampleSettingsFile({ bookmarked_org_id: 1001 })).bookmarkedOrgId).toBe('1001');
  });
});

describe('secret aliases', () => {
  it('reads oneroster.api_key as the client secret and remembers the key', () => {
    const settings = settingsOf(
      exampleSettingsFile({ oneroster: { client_secret: '', api_key: 'aws-sm:lakeside/oneroster#secret' } }),
    );

    expect(settings.oneroster.clientSecret).toBe('aws-sm:lakeside/oneroster#secret');
    expect(settings.oneroster.clientSecretKey).toBe('api_key');
  });

  it('reads classlink.oauth_credentials as the client secret', () => {
    const settings = settingsOf(exampleSettingsFile({ classlink: { oauth_credentials: 'env:LAKESIDE_CLASSLINK' } }));

    expect(settings.classlink.clientSecret).toBe('env:LAKESIDE_CLASSLINK');
    expect(settings.classlink.clientSecretKey).toBe('oauth_credentials');
  });

  it('accepts an alias repeating client_secret, and refuses one that differs', () => {
    const same = settingsOf(exampleSettingsFile({ oneroster: { client_secret: 'env:A', api_key: 'env:A' } }));
    expect(same.oneroster).toMatchObject({ clientSecret: 'env:A', clientSecretKey: 'client_secret' });

    expect(problemMessages(exampleSettingsFile({ oneroster: { client_secret: 'env:A', api_key: 'env:B' } }))).toEqual([
      'lakeside-isd.json (oneroster.api_key): is an alias of client_secret but holds a different reference than client_secret; keep only client_secret',
    ]);
  });
});

describe('invalid fields name the file and the field', () => {
  it.each([
    [{ ftp: { port: '21a' } }, 'lakeside-isd.json (ftp.port): expected a number, got "21a"'],
    [{ ftp: { port: 70000 } }, 'lakeside-isd.json (ftp.port): expected a whole number from 1 to 65535, got 70000'],
    [{ ftp: { enabled: 'yes' } }, 'lakeside-isd.json (ftp.enabled): expected true or false, got "yes"'],
    [{ ftp: { host: 21 } }, 'lakeside-isd.json (ftp.host): expected a string, got 21'],
    [
      { oneshelf_environment: 'prod' },
      'lakeside-isd.json (oneshelf_environment): expected one of "staging", "production", got "prod"',
    ],
    [{ classlink: { mode: 'relay' } }, 'lakeside-isd.json (classlink.mode): expected one of "direct", "proxy", got "relay"'],
    [{ oneroster: { version: '2.0' } }, 'lakeside-isd.json (oneroster.version): expected "1.1" or "1.2", got "2.0"'],
    [{ oneroster: { auth: 'basic' } }, 'lakeside-isd.json (oneroster.auth): expected one of "oauth1", "oauth2", got "basic"'],
    [
      { oneroster: { api_url: 'sis.lakeside.example/oneroster' } },
      'lakeside-isd.json (oneroster.api_url): expected an http(s) URL, got "sis.lakeside.example/oneroster"',
    ],
    [
      { oneroster: { token_url: 'ftp://x.example/token' } },
      'lakeside-isd.json (oneroster.token_url): expected an http(s) URL, got "ftp://x.example/token"',
    ],
    [
      { bookmarked_org_id: 'district-1001' },
      'lakeside-isd.json (bookmarked_org_id): expected a Bookmarked district id (digits, e.g. "1001"), got "district-1001"',
    ],
    [
      { customer_id: 'lakeside isd' },
      `lakeside-isd.json (customer_id): expected letters, digits, '.', '_' or '-' (it names the settings file), got "lakeside isd"`,
    ],
    [
      { bookmarked_org_id: '9999999999999999999' },
      'lakeside-isd.json (bookmarked_org_id): expected a Bookmarked district id (digits, e.g. "1001"), got "9999999999999999999"',
    ],
    [
      { ftp: { password: { value: 'x' } } },
      'lakeside-isd.json (ftp.password): expected a secret reference (env:NAME, aws-sm:SECRET_ID#json_key or vault:NAME) or "", got an object',
    ],
    [{ active: 1 }, 'lakeside-isd.json (active): expected true or false, got 1'],
    [{ ftp: 'ftp://host' }, 'lakeside-isd.json (ftp): expected an object, got "ftp://host"'],
  ])('%j', (overrides, message) => {
    expect(problemMessages(exampleSettingsFile(overrides))).toEqual([message]);
  });

  it('refuses a plain secret, naming the field and not repeating the value', () => {
    const messages = problemMessages(exampleSettingsFile({ ftp: { password: 'hunter2' }, classlink: { client_secret: 12345 } }));

    expect(messages).toEqual([
      'lakeside-isd.json (classlink.client_secret): expected a secret reference (env:NAME, aws-sm:SECRET_ID#json_key or vault:NAME) or "", got a number',
      'lakeside-isd.json (ftp.password): expected a secret reference (env:NAME, aws-sm:SECRET_ID#json_key or vault:NAME) or "", found a plain value; store the secret in the environment, AWS Secrets Manager or the credential vault and reference it here',
    ]);
    expect(messages.join()).not.toContain('hunter2');
    expect(messages.join()).not.toContain('12345');
  });

  it('reports every problem of a file, not only the first', () => {
    expect(problemMessages(exampleSettingsFile({ ftp: { port: 'x', secure: 'no' }, active: 'yes' }))).toHaveLength(3);
  });

  it('says when the file is not an object', () => {
    expect(problemMessages('[]')).toEqual(['lakeside-isd.json: expected an object, got a list']);
  });
});

describe('invalid JSON names the line and column', () => {
  it('points at a missing comma', () => {
    expect(problemMessages('{\n  "customer_id": "lakeside-isd"\n  "active": true\n}')).toEqual([
      `lakeside-isd.json: invalid JSON at line 3, column 3: expected ',' or '}' after a property value, found '"'`,
    ]);
  });

  it('points at a trailing comma, which Node reports without a position', () => {
    expect(problemMessages('{\n  "ftp": {\n    "port": 21,\n  }\n}')).toEqual([
      `lakeside-isd.json: invalid JSON at line 4, column 3: expected a property name after ',' (no trailing commas in JSON), found '}'`,
    ]);
  });

  it('reads a file saved with a byte order mark', () => {
    expect(settingsOf(`\uFEFF${JSON.stringify(exampleSettingsFile())}`).customerId).toBe('lakeside-isd');
  });
});
