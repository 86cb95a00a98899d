import { DEFAULT_RATE_LIMITS } from '@cdt/gateway/security/rate-limits';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecuritySuite, STAGING_SPEC, startSecuritySuite } from './support/security-suite';

/** The budgets over HTTP, with the gateway's default limits. */
let suite: SecuritySuite;
const RUN = 'mutation($input: StudentSearchInput!) { studentSearch(input: $input) { id } }';
const input = { input: { districtId: '7101', environment: 'STAGING', query: 'Lopez' } };

beforeAll(async () => {
  suite = await startSecuritySuite({ specs: [{ ...STAGING_SPEC, students: 20 }], gateway: { rateLimits: DEFAULT_RATE_LIMITS } });
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

describe('rate limits', () => {
  it('a person runs 10 tools a minute; the 11th gets 429, RATE_LIMITED and "try again in N s"', async () => {
    const session = await suite.session(suite.users.support);
    for (let i = 0; i < 10; i++) {
      const answer = await suite.graphql(RUN, input, { session });
      expect(answer.errors, `run ${i + 1}`).toBeUndefined();
    }
    const counts = await suite.appCounts();
    const refused = await suite.graphql(RUN, input, { session });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const error = refused.errors?.[0];
    expect(error?.message).toMatch(/^Too many tool runs: at most 10 tool runs a minute\. Try again in \d+ s\.$/);
    expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'toolRuns', retryAfterSeconds: expect.any(Number) });
    expect(await suite.appCounts()).toEqual(counts);
    const [audit] = (await suite.audit()).filter((row) => row.action === 'rate_limited');
    expect(audit).toMatchObject({ actor: `user:${suite.users.support.id}` });
    // Reading is still allowed.
    expect((await suite.graphql('{ tools { name } }', {}, { session })).status).toBe(200);
  });

  it('aliased runs in one request count one by one', async () => {
    const session = await suite.session(suite.users.admin);
    const runs = Array.from({ length: 11 }, (_, i) => `r${i}: studentSearch(input: $input) { id }`).join('\n');
    const counts = await suite.appCounts();
    const answer = await suite.graphql(`mutation($input: StudentSearchInput!) { ${runs} }`, input, { session });
    expect(answer.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await suite.appCounts()).toEqual(counts);
  });

  it('ad-hoc comparisons are limited too', async () => {
    const session = await suite.session(suite.users.viewer);
    const compare = () =>
      suite.graphql(
        'mutation($input: CompareInput!) { compare(input: $input) { id } }',
        {
          input: {
            document:
              '{ district(id: "7101", environment: STAGING) { source { schools { sourcedId } } bookmarked { schools { sourcedId } } } }',
            leftPath: 'district.source.schools',
            rightPath: 'district.bookmarked.schools',
            keyField: 'sourcedId',
            fields: ['sourcedId'],
          },
        },
        { session },
      );
    const codes: unknown[] = [];
    for (let i = 0; i < 21; i++) codes.push((await compare()).errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.slice(0, 20).every((code) => code === 'OK')).toBe(true);
    expect(codes[20]).toBe('RATE_LIMITED');
  });

  it('automation (API tokens) has a larger budget', async () => {
    for (let i = 0; i < 12; i++) expect((await suite.graphql(RUN, input, { token: 'support' })).errors).toBeUndefined();
  });
});
