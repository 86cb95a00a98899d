import { describe, expect, it } from 'vitest';
import { buildUrl, describeEndpoint, encodeRfc3986, normalizeBaseUrl, parseLinkHeader, sameOriginNextUrl } from './urls';

describe('urls', () => {
  it('percent-encodes per RFC 3986: a space is %20, reserved and sub-delimiters are escaped', () => {
    expect(encodeRfc3986("a b+c'd(e)*!~._-é")).toBe('a%20b%2Bc%27d%28e%29%2A%21~._-%C3%A9');
    expect(
      buildUrl({ baseUrl: 'https://h/x', path: '/users', query: { filter: "email~'a b'", limit: 5, offset: undefined } }),
    ).toBe('https://h/x/users?filter=email~%27a%20b%27&limit=5');
  });

  it('normalises the base URL as OAuth 1.0a signs it', () => {
    expect(normalizeBaseUrl(' HTTPS://Roster.Example.ORG:443/ims/oneroster/v1p1/ ')).toBe(
      'https://roster.example.org/ims/oneroster/v1p1',
    );
    expect(normalizeBaseUrl('http://127.0.0.1:8080/a?x=1#y')).toBe('http://127.0.0.1:8080/a');
    expect(() => normalizeBaseUrl('ftp://example.org/x')).toThrow(/http/);
  });

  it('reads Link headers and follows next only on the API origin, re-encoding its query', () => {
    const links = parseLinkHeader(
      '<https://h/x/users?limit=2&offset=2>; rel="next", <https://h/x/users?limit=2&offset=8>; rel="last",<https://h/x/users?offset=0>;rel=first',
    );
    expect([...links.keys()]).toEqual(['next', 'last', 'first']);
    expect(sameOriginNextUrl({ next: 'https://h/x/users?filter=a+b&offset=2', baseUrl: 'https://h/x' })).toBe(
      'https://h/x/users?filter=a%20b&offset=2',
    );
    expect(sameOriginNextUrl({ next: '/x/users?offset=4', baseUrl: 'https://h/x' })).toBe('https://h/x/users?offset=4');
    // ClassLink hrefs may name another host: never send our credentials there.
    expect(sameOriginNextUrl({ next: 'https://elsewhere.example/x/users?offset=2', baseUrl: 'https://h/x' })).toBeNull();
  });

  it('describes an endpoint by its path and readable query under the base', () => {
    expect(
      describeEndpoint({
        url: 'https://h/ims/oneroster/v1p1/users/u%201?filter=email~%27a%40b.org%27',
        baseUrl: 'https://h/ims/oneroster/v1p1',
      }),
    ).toBe("/users/u 1?filter=email~'a@b.org'");
  });
});
