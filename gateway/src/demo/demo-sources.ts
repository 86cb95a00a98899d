import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestFtpServer, TEST_FTP_PASSWORD, TEST_FTP_USER, type TestFtpServer } from '../connectors/ftp/ftp-test-server';
import { writeOneRosterBundle } from '../seed/write-oneroster-bundle';
import { type OneRosterTestServer, rosterFromSeed, startOneRosterServer } from '../testing/oneroster-server';
import { type ProvisionedDistrict, settingsFileFor } from './provision';

/**
 * How a demo district's SIS data reaches the gateway: the generator's CSV bundle on disk, the
 * same bundle as a zip in an FTP drop (ftp-srv in-process), or the same records from a
 * OneRoster REST server (1.1 with OAuth 1.0a signatures, 1.2 with OAuth 2 client credentials).
 * Every kind serves the same seed data, so every tool gives the same verdicts whichever is used.
 */
export const DEMO_SOURCE_KINDS = ['csv', 'ftp', 'rest'] as const;
export type DemoSourceKind = (typeof DEMO_SOURCE_KINDS)[number];

/** The environment variables the demo's settings files refer to (`env:NAME`): set in the demo's own process. */
export const DEMO_FTP_PASSWORD_ENV = 'DEMO_FTP_PASSWORD';
export const DEMO_ONEROSTER_SECRET_ENV = 'DEMO_ONEROSTER_CLIENT_SECRET';

export interface DemoSources {
  ftp: TestFtpServer;
  /** One OneRoster REST server per demo customer (each serves one district). */
  rest: Map<string, OneRosterTestServer>;
  /** A customer's settings file (contract format) for each source kind. */
  settingsFor(district: ProvisionedDistrict, kind: DemoSourceKind): Record<string, unknown>;
  close(): Promise<void>;
}

export function parseDemoSourceKind(value: string | undefined): DemoSourceKind {
  const kind = (value ?? '').trim().toLowerCase() || 'csv';
  if (!(DEMO_SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`DEMO_SOURCE is "${value}": expected one of ${DEMO_SOURCE_KINDS.join(', ')}.`);
  }
  return kind as DemoSourceKind;
}

/**
 * Starts the demo's FTP server and OneRoster REST servers for the districts that have SIS data,
 * serving the same generated records their CSV bundles hold. Sets the two secrets the settings
 * refer to in `env` (process.env by default), so the in-process gateway resolves them.
 */
export async function startDemoSources(options: {
  districts: readonly ProvisionedDistrict[];
  env?: Record<string, string | undefined>;
}): Promise<DemoSources> {
  const env = options.env ?? process.env;
  const clientSecret = randomBytes(18).toString('base64url');
  env[DEMO_FTP_PASSWORD_ENV] = TEST_FTP_PASSWORD;
  env[DEMO_ONEROSTER_SECRET_ENV] = clientSecret;

  const withSource = options.districts.filter((district) => district.bundlePath !== null);
  const ftp = await startTestFtpServer();
  const rest = new Map<string, OneRosterTestServer>();
  try {
    for (const district of withSource) {
      const { customerId } = district.spec;
      // The drop holds the bundle as a district would publish it: one zip in the customer's folder.
      await mkdir(path.join(ftp.root, customerId), { recursive: true });
      await writeOneRosterBundle({ district: district.generated, dir: path.join(ftp.root, customerId), zip: true });
      rest.set(
        customerId,
        await startOneRosterServer({
          roster: rosterFromSeed(district.generated.source),
          clients: [{ clientId: clientIdFor(customerId), clientSecret }],
        }),
      );
    }
  } catch (error) {
    await Promise.all([...rest.values()].map((server) => server.close()));
    await ftp.close();
    throw error;
  }

  return {
    ftp,
    rest,
    settingsFor(district, kind) {
      const base = settingsFileFor(district.spec, district.bundlePath ?? '');
      const { customerId, oneRosterVersion } = district.spec;
      switch (kind) {
        case 'csv':
          return base;
        case 'ftp':
          return {
            ...base,
            integration_type: 'OneRoster CSV over FTP',
            oneroster: { ...base.oneroster, enabled: false, csv_path: '' },
            ftp: {
              enabled: true,
              host: '127.0.0.1',
              port: ftp.port,
              username: TEST_FTP_USER,
              password: `env:${DEMO_FTP_PASSWORD_ENV}`,
              path: `/${customerId}`,
              secure: false,
            },
          };
        case 'rest': {
          const server = rest.get(customerId);
          if (!server) throw new Error(`No demo OneRoster server for ${customerId}.`);
          const v11 = oneRosterVersion === '1.1';
          return {
            ...base,
            integration_type: `OneRoster ${oneRosterVersion} REST`,
            oneroster: {
              ...base.oneroster,
              enabled: true,
              csv_path: '',
              csv_upload: false,
              version: oneRosterVersion,
              api_url: v11 ? server.baseUrl11 : server.baseUrl12,
              // 1.1 signs every request (OAuth 1.0a, HMAC-SHA256); 1.2 uses OAuth 2 client credentials.
              auth: v11 ? 'oauth1' : 'oauth2',
              token_url: v11 ? '' : server.tokenUrl,
              client_id: clientIdFor(customerId),
              client_secret: `env:${DEMO_ONEROSTER_SECRET_ENV}`,
            },
          };
        }
      }
    },
    async close() {
      await Promise.all([...rest.values()].map((server) => server.close()));
      await ftp.close();
    },
  };
}

/**
 * Writes each district's settings file for `kind` into the settings folder, and every kind's
 * file under `variantsDir/<customer>/<kind>.json` (to copy from when switching by hand).
 */
export async function writeDemoSettings(options: {
  sources: DemoSources;
  districts: readonly ProvisionedDistrict[];
  kind: DemoSourceKind | ((district: ProvisionedDistrict) => DemoSourceKind);
  settingsDir: string;
  variantsDir?: string;
}): Promise<void> {
  for (const district of options.districts) {
    if (district.bundlePath === null) continue;
    const { customerId } = district.spec;
    const kind = typeof options.kind === 'function' ? options.kind(district) : options.kind;
    const write = (file: string, value: unknown) => writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
    await write(path.join(options.settingsDir, `${customerId}.json`), options.sources.settingsFor(district, kind));
    if (options.variantsDir) {
      const dir = path.join(options.variantsDir, customerId);
      await mkdir(dir, { recursive: true });
      for (const variant of DEMO_SOURCE_KINDS) {
        await write(path.join(dir, `${variant}.json`), options.sources.settingsFor(district, variant));
      }
    }
  }
}

const clientIdFor = (customerId: string) => `demo-${customerId}`;
