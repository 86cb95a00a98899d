import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceNotConfiguredError } from '../../errors';
import { parseCustomerSettingsFile } from '../../settings/load-customer-settings';
import { exampleSettingsFile } from '../../settings/settings-test-fixtures';
import { resolveSourcePlan, type SourcePlan } from '../../settings/source-plan';
import type { OneRosterTestServer } from '../../testing/oneroster-server';
import { createCredentialResolver } from '../secrets/credential-resolver';
import { createClassLinkRosterReader, createOneRosterApiRosterReader } from './source-readers';
import { testOneRosterConnection } from './test-connection';
import { CLIENT, PROXY, startSampleServer } from './test-fixtures';

/** What the lead's provider does: settings file → source plan → secret → reader (the plan spread in as is). */
let server: OneRosterTestServer;
beforeAll(async () => {
  server = await startSampleServer();
});
afterAll(async () => {
  await server.close();
});

const credentials = createCredentialResolver({
  env: { LAKESIDE_SECRET: CLIENT.clientSecret, LAKESIDE_PROXY_TOKEN: PROXY.token },
});

function planOf(overrides: Record<string, unknown>): SourcePlan {
  const parsed = parseCustomerSettingsFile({
    filePath: '/settings/lakeside-isd.json',
    text: JSON.stringify(exampleSettingsFile(overrides)),
  });
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('; '));
  return resolveSourcePlan(parsed.settings);
}

async function secretOf(plan: Extract<SourcePlan, { kind: 'oneroster-api' | 'classlink' }>): Promise<string> {
  const secret = await credentials.resolve(plan.clientSecret.reference, {
    field: plan.clientSecret.field,
    customerId: plan.customerId,
  });
  if (secret === null) throw new SourceNotConfiguredError(`${plan.clientSecret.field} is empty`);
  return secret;
}

describe('readers from source plans', () => {
  it('oneroster-api plans, OAuth 1.0a and OAuth 2', async () => {
    for (const oneroster of [
      { api_url: server.baseUrl11, version: '1.1', auth: 'oauth1' },
      { api_url: server.baseUrl12, version: '1.2', auth: 'oauth2', token_url: server.tokenUrl },
    ]) {
      const plan = planOf({
        oneroster: {
          ...oneroster,
          enabled: true,
          csv_path: '',
          client_id: CLIENT.clientId,
          client_secret: 'env:LAKESIDE_SECRET',
        },
      });
      if (plan.kind !== 'oneroster-api') throw new Error(`expected a oneroster-api plan, got ${plan.kind}`);
      const reader = createOneRosterApiRosterReader({ ...plan, clientSecret: await secretOf(plan) });
      expect((await reader.schools()).map((school) => school.name)).toEqual(['North High', 'South Middle']);
      const steps = await testOneRosterConnection({ source: { ...plan, clientSecret: await secretOf(plan) } });
      expect(steps.every((step) => step.ok)).toBe(true);
    }
  });

  it('classlink plans, direct and proxy', async () => {
    const direct = planOf({
      oneroster: { enabled: false, csv_path: '' },
      classlink: {
        enabled: true,
        mode: 'direct',
        api_url: server.baseUrl11,
        client_id: CLIENT.clientId,
        client_secret: 'env:LAKESIDE_SECRET',
      },
    });
    const proxy = planOf({
      oneroster: { enabled: false, csv_path: '' },
      classlink: {
        enabled: true,
        mode: 'proxy',
        api_url: server.proxyBaseUrl(PROXY.appId),
        client_secret: 'env:LAKESIDE_PROXY_TOKEN',
      },
    });
    for (const plan of [direct, proxy]) {
      if (plan.kind !== 'classlink') throw new Error(`expected a classlink plan, got ${plan.kind}`);
      const reader = createClassLinkRosterReader({ ...plan, clientSecret: await secretOf(plan) });
      expect((await reader.findPeople({ identifier: '1001' })).map((person) => person.id)).toEqual(['u-stu1']);
    }
  });

  it('refuses plans it cannot use, saying which field to fix', () => {
    expect(() =>
      createOneRosterApiRosterReader({
        customerId: 'x',
        apiUrl: 'not a url',
        version: '1.1',
        auth: 'oauth1',
        clientId: 'a',
        clientSecret: 'b',
      }),
    ).toThrow('Customer "x": oneroster.api_url is not an http(s) URL');
    expect(() =>
      createOneRosterApiRosterReader({
        customerId: 'x',
        apiUrl: server.baseUrl12,
        version: '1.2',
        auth: 'oauth2',
        clientId: 'a',
        clientSecret: 'b',
        tokenUrl: null,
      }),
    ).toThrow('oneroster.auth is oauth2 but oneroster.token_url is empty');
    expect(() =>
      createClassLinkRosterReader({
        customerId: 'x',
        mode: 'direct',
        apiUrl: server.baseUrl11,
        clientId: null,
        clientSecret: 'b',
      }),
    ).toThrow('classlink.mode is direct but classlink.client_id is empty');
  });
});
