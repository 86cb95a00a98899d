import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAPHQL_LIMITS } from '@cdt/gateway/plugins/use-hardening';
import { MAX_REQUEST_BODY_BYTES } from '@cdt/gateway/plugins/use-request-size-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecuritySuite, startSecuritySuite } from './support/security-suite';

/**
 * Hostile documents and requests: depth, alias, token, directive and cost bombs are refused
 * before anything runs, without telling the caller the limits; oversized bodies get 413
 * before they are parsed; while every document the repository sends still passes.
 */
let suite: SecuritySuite;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

beforeAll(async () => {
  suite = await startSecuritySuite();
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

/** Refused at validation, with a message that names no number. */
async function expectRefusedDocument(query: string, what: RegExp) {
  const statements = await suite.harness.countStatements(() => suite.graphql(query, {}, { token: 'admin' }));
  const answer = statements.result;
  // application/json answers validation errors with 200 (GraphQL over HTTP); nothing ran.
  expect([200, 400], answer.text.slice(0, 300)).toContain(answer.status);
  expect(answer.data ?? null).toBeNull();
  const message = answer.errors?.[0]?.message ?? '';
  expect(message).toMatch(what);
  expect(message).not.toMatch(/\d/);
  expect(statements.statements).toEqual([]);
}

describe('document bombs', () => {
  it('a depth bomb (students → parents → students → …)', async () => {
    let selection = 'sourcedId';
    for (let i = 0; i < 8; i++) selection = `parents { students { ${selection} } }`;
    await expectRefusedDocument(
      `{ district(id: "7101") { bookmarked { students { ${selection} } } } }`,
      /nests too deep|would cost too much/,
    );
  });

  it('a depth bomb through fragments', async () => {
    const fragments = Array.from(
      { length: 14 },
      (_, i) => `fragment F${i} on Student { parents { students { ...F${i + 1} } } }`,
    ).join('\n');
    const query = `{ district(id: "7101") { bookmarked { students { ...F0 } } } }\n${fragments}\nfragment F14 on Student { sourcedId }`;
    await expectRefusedDocument(query, /nests too deep|would cost too much/);
  });

  it('an alias bomb, also of tool runs', async () => {
    const aliases = Array.from(
      { length: 200 },
      (_, i) => `a${i}: districts(search: "", environment: STAGING) { totalCount }`,
    ).join('\n');
    await expectRefusedDocument(`{ ${aliases} }`, /too many aliases/);
    const runs = Array.from(
      { length: 40 },
      (_, i) => `r${i}: dataQualityReport(input: { districtId: "7101", environment: STAGING }) { findingTotal }`,
    ).join('\n');
    const counts = await suite.appCounts();
    await expectRefusedDocument(`mutation { ${runs} }`, /too many aliases/);
    expect(await suite.appCounts()).toEqual(counts);
  });

  it('a token bomb and a directive bomb', async () => {
    await expectRefusedDocument(`{ ${'__typename '.repeat(GRAPHQL_LIMITS.maxTokens + 10)} }`, /is too long/);
    await expectRefusedDocument(`{ __typename ${'@include(if: true) '.repeat(60)} }`, /too many directives/);
  });

  it('a cost bomb: wide selections under deep lists with large pages', async () => {
    const person = 'sourcedId givenName familyName email';
    const deep = `students(first: 1000) { ${person} grade identifier parents(first: 100) { ${person} students(first: 100) { ${person} enrollments { class { title teachers { ${person} } school { name } } } } } }`;
    await expectRefusedDocument(`{ district(id: "7101") { bookmarked { ${deep} } source { ${deep} } } }`, /would cost too much/);
  });

  it('batched requests and mutations over GET are refused', async () => {
    const batch = await suite.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.harness.tokens.admin}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBeGreaterThanOrEqual(400);
    const counts = await suite.appCounts();
    const get = await suite.fetch(
      `/graphql?query=${encodeURIComponent('mutation { createApiToken(name: "via-get", role: ADMIN) { token } }')}`,
      { headers: { authorization: `Bearer ${suite.harness.tokens.admin}`, accept: 'application/json' } },
    );
    expect(get.status).toBe(405);
    expect(await suite.appCounts()).toEqual(counts);
  });
});

describe('oversized requests', () => {
  const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } });

  it('refuses a body over the limit with 413 before reading it, even unauthenticated', async () => {
    for (const authorization of [`Bearer ${suite.harness.tokens.admin}`, undefined]) {
      const response = await suite.fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(big.length),
          ...(authorization ? { authorization } : {}),
        },
        body: big,
      });
      expect(response.status).toBe(413);
      expect(await response.text()).toMatch(/too large/);
    }
  });

  it('refuses a chunked body (no Content-Length) once it passes the limit', async () => {
    const bytes = new TextEncoder().encode(big);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
          controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
        controller.close();
      },
    });
    const response = await suite.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.harness.tokens.admin}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('refuses a long compare document variable at the door, not in the database', async () => {
    const response = await suite.graphql(
      'mutation($input: CompareInput!) { compare(input: $input) { id } }',
      {
        input: { document: `{ ${'__typename '.repeat(200_000)} }`, leftPath: 'a', rightPath: 'b', keyField: 'id', fields: ['x'] },
      },
      { token: 'admin' },
    );
    expect(response.status).toBe(413);
  });
});

describe('the repository’s own documents pass the limits', () => {
  const documents: [string, string][] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith('.graphql')) documents.push([path.relative(REPO, file), readFileSync(file, 'utf8')]);
    }
  };
  walk(path.join(REPO, 'schema', 'documents'));

  it.each(documents)('%s', async (_file, document) => {
    const answer = await suite.graphql(document, {}, { token: 'admin' });
    for (const error of answer.errors ?? [])
      expect(error.message).not.toMatch(/^Query validation error|Syntax Error: Query validation/);
  });

  it('GraphiQL’s introspection query', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const answer = await suite.graphql(
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
      {},
      { token: 'viewer' },
    );
    expect(answer.errors).toBeUndefined();
  });

  it('the deepest roster query the web app and the benchmarks send', async () => {
    const answer = await suite.graphql(
      `{ district(id: "7101") { bookmarked { students(first: 5) {
          sourcedId schools { name } parents { email students { sourcedId } }
          enrollments { class { title school { name } teachers { familyName } } } } } } }`,
      {},
      { token: 'support' },
    );
    expect(answer.errors).toBeUndefined();
  });
});
