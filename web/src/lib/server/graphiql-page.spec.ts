import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GRAPHIQL_ASSETS_VERSION, graphiqlAsset, renderGraphiQLPage } from './graphiql-page';

describe('the GraphiQL page', () => {
  it('loads every asset from this app, never from a CDN', () => {
    const html = renderGraphiQLPage({ query: '{ __typename }' });
    expect(html).not.toMatch(/https?:\/\//);
    const urls = [...html.matchAll(/"(\/graphiql\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      const [, , , version = '', file = ''] = url.split('/');
      expect(graphiqlAsset(version, file)?.body.length, url).toBeGreaterThan(100);
    }
  });

  it('points at the app’s /graphql proxy with the query and variables from the link', () => {
    const html = renderGraphiQLPage({ query: '{ districts { name } }', variables: '{"a":1}' });
    expect(html).toContain('"endpoint":"/graphql"');
    expect(html).toContain('"defaultQuery":"{ districts { name } }"');
    expect(html).toContain('"variables":"{\\"a\\":1}"');
  });

  it('cannot be broken out of by a query that closes the script', () => {
    const html = renderGraphiQLPage({ query: '</script><script>alert(1)</script>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('serves only the named files of the pinned version', () => {
    const require = createRequire(import.meta.url);
    const installed = require('@graphql-yoga/render-graphiql/package.json').version;
    expect(GRAPHIQL_ASSETS_VERSION).toBe(installed);
    expect(graphiqlAsset(GRAPHIQL_ASSETS_VERSION, 'graphiql.css')?.contentType).toMatch(/text\/css/);
    expect(graphiqlAsset(GRAPHIQL_ASSETS_VERSION, '../package.json')).toBeUndefined();
    expect(graphiqlAsset(GRAPHIQL_ASSETS_VERSION, 'constructor')).toBeUndefined();
    expect(graphiqlAsset('0.0.1', 'graphiql.js')).toBeUndefined();
  });
});
