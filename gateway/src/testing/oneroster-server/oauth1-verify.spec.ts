import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyOAuth1 } from './oauth1-verify';

/** RFC 5849 §3.4.1's worked example (HMAC-SHA1), checked against an independent computation. */
describe('OAuth 1.0a verification', () => {
  const secret = 'kd94hf93k423kf44';
  const header = (signature: string) =>
    `OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="${encodeURIComponent(signature)}"`;
  // RFC 5849 §3.4.1.1: the base string of the example request (without a token).
  const baseString =
    'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201';
  const signature = createHmac('sha1', `${secret}&`).update(baseString).digest('base64');
  const verify = (authorization: string, used = new Set<string>()) =>
    verifyOAuth1({
      method: 'POST',
      origin: 'http://EXAMPLE.com',
      rawUrl: '/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b&a3=2+q&c2=',
      authorization,
      secretOf: (key) => (key === '9djdj82h48djs9d2' ? secret : null),
      nowSeconds: 137131201,
      toleranceSeconds: 300,
      useNonce: (key, nonce) => !used.has(key + nonce) && Boolean(used.add(key + nonce)),
    });

  it('accepts the signature of the RFC base string, once', () => {
    const used = new Set<string>();
    expect(verify(header(signature), used)).toEqual({ ok: true, consumerKey: '9djdj82h48djs9d2' });
    expect(verify(header(signature), used)).toEqual({ ok: false, problem: 'nonce_used' });
  });

  it('refuses a wrong signature and an unknown key', () => {
    expect(verify(header('AAAA'))).toEqual({ ok: false, problem: 'signature_invalid' });
    expect(verify(header(signature).replace('9djdj82h48djs9d2', 'someone-else'))).toEqual({
      ok: false,
      problem: 'consumer_key_unknown',
    });
  });
});
