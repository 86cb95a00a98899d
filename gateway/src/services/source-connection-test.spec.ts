import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../connectors/oneroster-csv/test-bundles';
import { createCredentialResolver } from '../connectors/secrets/credential-resolver';
import { DEMO_ONEROSTER_SECRET_ENV, type DemoSourceKind, type DemoSources, startDemoSources } from '../demo/demo-sources';
import { type ProvisionedDistrict, provisionDistricts } from '../demo/provision';
import { createSettingsDirectory } from '../settings/settings-directory';
import { type OneRosterTestServer, rosterFromSeed, startOneRosterServer } from '../testing/oneroster-server';
import { type SourceConnectionReport, testSourceConnection } from './source-connection-test';

/** Each source kind against a real server (ftp-srv, the OneRoster test server) or real files. */
let temp: { dir: string; remove: () => Promise<void> };
let sources: DemoSources;
let districts: ProvisionedDistrict[];
const env: Record<string, string | undefined> = {};

beforeAll(async () => {
  temp = await makeTempDir('cdt-connection-test-');
  districts = await provisionDistricts({
    specs: (['1.1', '1.2'] as const).map((version, index) => ({
      seed: 71 + index,
      districtId: 7101 + index,
      name: `District ${version}`,
      state: 'TX',
      sisProvider: 'oneroster' as const,
      students: 20,
      oneRosterVersion: version,
      faults: 'none' as const,
      customerId: `district-${index}`,
      customerName: `District ${version}`,
      source: index === 0 ? ('csv-folder' as const) : ('csv-zip' as const),
      environment: 'staging' as const,
    })),
    bookmarked: [],
    createSchema: false,
    bundlesDir: path.join(temp.dir, 'bundles'),
    settingsDir: path.join(temp.dir, 'unused-settings'),
  });
  sources = await startDemoSources({ districts, env });
}, 60_000);

afterAll(async () => {
  await sources?.close();
  await temp?.remove();
});

async function check(settings: Record<string, unknown>, options: { uploaded?: string } = {}): Promise<SourceConnectionReport> {
  const dir = path.join(temp.dir, `settings-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'customer.json'), JSON.stringify(settings));
  const [customer] = await createSettingsDirectory({ dir }).all();
  if (!customer) throw new Error('settings did not load');
  return testSourceConnection({
    settings: customer,
    credentials: createCredentialResolver({ env }),
    ftpCacheDir: path.join(temp.dir, 'ftp-cache'),
    uploads: { latestBundlePath: async () => options.uploaded ?? null },
  });
}

const summary = (report: SourceConnectionReport) => report.steps.map((step) => `${step.name}:${step.ok ? 'ok' : 'failed'}`);

describe('testSourceConnection', () => {
  it.each([
    ['csv', 0, ['settings:ok', 'open:ok', 'read:ok']],
    ['ftp', 0, ['settings:ok', 'credentials:ok', 'connect:ok', 'login:ok', 'list:ok', 'download:ok']],
    ['rest', 0, ['settings:ok', 'credentials:ok', 'reach:ok', 'authenticate:ok', 'read:ok']],
    ['rest', 1, ['settings:ok', 'credentials:ok', 'reach:ok', 'authenticate:ok', 'read:ok']],
  ] as const)('%s (district %i) reaches, authenticates and reads one page', async (kind, index, expected) => {
    const district = districts[index]!;
    const report = await check(sources.settingsFor(district, kind as DemoSourceKind));
    expect(summary(report)).toEqual(expected);
    expect(report.ok).toBe(true);
    expect(report.steps.every((step) => step.durationMs >= 0 && step.message.length > 0)).toBe(true);
    const text = JSON.stringify(report);
    expect(text).not.toContain(env[DEMO_ONEROSTER_SECRET_ENV]);
    if (kind === 'rest') {
      expect(report.steps.find((step) => step.name === 'authenticate')?.message).toContain(
        index === 0 ? 'OAuth 1.0a' : 'token was granted',
      );
    }
  });

  it('ClassLink direct (OAuth 1.0a per district)', async () => {
    const district = districts[0]!;
    const rest = sources.settingsFor(district, 'rest') as { oneroster: Record<string, unknown> };
    const report = await check({
      ...rest,
      oneroster: { ...rest.oneroster, enabled: false },
      classlink: {
        enabled: true,
        mode: 'direct',
        tenant_id: '',
        oauth_credentials: '',
        api_url: rest.oneroster.api_url,
        client_id: rest.oneroster.client_id,
        client_secret: rest.oneroster.client_secret,
      },
    });
    expect(report.kind).toBe('classlink');
    expect(summary(report)).toEqual(['settings:ok', 'credentials:ok', 'reach:ok', 'authenticate:ok', 'read:ok']);
  });

  describe('ClassLink OneRoster proxy (bearer token)', () => {
    const APP_ID = 'cdt-proxy-app';
    const TOKEN_ENV = 'CDT_CLASSLINK_PROXY_TOKEN';
    let proxy: OneRosterTestServer;

    beforeAll(async () => {
      // ClassLink's proxy form: /{appId}/ims/oneroster/v1p1, one static bearer token per application.
      env[TOKEN_ENV] = `classlink-token-${Math.random().toString(36).slice(2)}`;
      proxy = await startOneRosterServer({
        roster: rosterFromSeed(districts[0]!.generated.source),
        proxyTokens: { [APP_ID]: env[TOKEN_ENV] },
      });
    });
    afterAll(async () => {
      await proxy?.close();
    });

    /** District 0's settings with only the classlink block enabled, in proxy mode (no client_id). */
    const proxySettings = (apiUrl: string, tokenRef: string) => {
      const csv = sources.settingsFor(districts[0]!, 'csv') as { oneroster: Record<string, unknown> };
      return {
        ...csv,
        oneroster: { ...csv.oneroster, enabled: false, csv_path: '' },
        classlink: {
          enabled: true,
          mode: 'proxy',
          tenant_id: '',
          oauth_credentials: '',
          api_url: apiUrl,
          client_id: '',
          client_secret: tokenRef,
        },
      };
    };

    it('reaches the proxy, is accepted with the bearer token and reads one page', async () => {
      const report = await check(proxySettings(proxy.proxyBaseUrl(APP_ID), `env:${TOKEN_ENV}`));
      expect(report.kind).toBe('classlink');
      expect(report.description).toBe(`ClassLink (proxy) at ${proxy.proxyBaseUrl(APP_ID)}`);
      expect(summary(report)).toEqual(['settings:ok', 'credentials:ok', 'reach:ok', 'authenticate:ok', 'read:ok']);
      expect(report.ok).toBe(true);
      expect(report.steps.find((step) => step.name === 'authenticate')?.message).toBe('bearer token accepted.');
      expect(report.steps.find((step) => step.name === 'read')?.message).toMatch(/^Read \d+ schools?: /);
      const sent = proxy.requests.filter((request) => request.path.startsWith(`/${APP_ID}/`));
      expect(sent.length).toBeGreaterThan(0);
      expect(JSON.stringify(report)).not.toContain(env[TOKEN_ENV]);
    });

    it('a wrong token fails the authenticate step, naming the endpoint and the setting, never the token', async () => {
      env.CDT_CLASSLINK_WRONG_TOKEN = 'not-the-proxy-token-5e1f';
      const report = await check(proxySettings(proxy.proxyBaseUrl(APP_ID), 'env:CDT_CLASSLINK_WRONG_TOKEN'));
      expect(summary(report)).toEqual(['settings:ok', 'credentials:ok', 'reach:ok', 'authenticate:failed', 'read:failed']);
      expect(report.ok).toBe(false);
      const failed = report.steps.find((step) => step.name === 'authenticate')?.message ?? '';
      expect(failed).toContain('401');
      expect(failed).toContain(`${proxy.proxyBaseUrl(APP_ID)}/orgs`);
      expect(failed).toContain('classlink.client_secret');
      const text = JSON.stringify(report);
      expect(text).not.toContain(env.CDT_CLASSLINK_WRONG_TOKEN);
      expect(text).not.toContain(env[TOKEN_ENV]);
    });

    it('a proxy that is down fails the reach step and tries nothing after it', async () => {
      const down = await startOneRosterServer({ roster: rosterFromSeed(districts[0]!.generated.source) });
      const url = down.proxyBaseUrl(APP_ID);
      await down.close();
      const report = await check(proxySettings(url, `env:${TOKEN_ENV}`));
      expect(summary(report)).toEqual(['settings:ok', 'credentials:ok', 'reach:failed', 'authenticate:failed', 'read:failed']);
      const reach = report.steps.find((step) => step.name === 'reach')?.message ?? '';
      expect(reach).toContain(new URL(url).host);
      expect(report.steps.find((step) => step.name === 'authenticate')?.message).toMatch(/^Not tried/);
      expect(JSON.stringify(report)).not.toContain(env[TOKEN_ENV]);
    }, 30_000);
  });

  it('an uploaded bundle wins over the settings', async () => {
    const district = districts[1]!;
    const report = await check(sources.settingsFor(district, 'ftp'), { uploaded: district.bundlePath ?? '' });
    expect(report.kind).toBe('upload');
    expect(summary(report)).toEqual(['settings:ok', 'open:ok', 'read:ok']);
    expect(report.steps[2]?.message).toMatch(/^Read a OneRoster 1\.2 bundle: \d+ schools/);
  });

  it('reports the failing step and does not run the rest', async () => {
    const district = districts[0]!;
    const rest = sources.settingsFor(district, 'rest') as { oneroster: Record<string, unknown> };
    const wrongSecret = await check({ ...rest, oneroster: { ...rest.oneroster, client_secret: 'env:CDT_NOT_SET_ANYWHERE' } });
    expect(summary(wrongSecret)).toEqual(['settings:ok', 'credentials:failed']);
    env.CDT_WRONG_SECRET = 'not-the-secret';
    const refused = await check({ ...rest, oneroster: { ...rest.oneroster, client_secret: 'env:CDT_WRONG_SECRET' } });
    expect(summary(refused)).toEqual(['settings:ok', 'credentials:ok', 'reach:ok', 'authenticate:failed', 'read:failed']);
    expect(refused.ok).toBe(false);
    const none = await check({ ...rest, oneroster: { ...rest.oneroster, enabled: false } });
    expect(summary(none)).toEqual(['settings:failed']);
    expect(none.kind).toBe('none');
  });
});
