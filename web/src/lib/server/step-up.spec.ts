import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { WebServerConfig } from './config';
import { readStepUp, STEP_UP_COOKIE, writeStepUp } from './step-up';

const config: WebServerConfig = {
  gatewayUrl: 'x',
  gatewayOrigin: 'x',
  sessionSecret: 'step-up-spec-secret-0123456789abcdef',
  oidc: null,
};

function jar() {
  const values = new Map<string, { value: string; options: Record<string, unknown> }>();
  const cookies = {
    get: (name: string) => values.get(name)?.value,
    set: (name: string, value: string, options: Record<string, unknown>) => void values.set(name, { value, options }),
    delete: (name: string) => void values.delete(name),
  } as unknown as Cookies;
  return { cookies, values };
}

describe('the step-up cookie', () => {
  it('is HttpOnly, bound to the user, MAC-protected and 15 minutes long', () => {
    const { cookies, values } = jar();
    const now = Date.now();
    const stepUpAt = Math.floor(now / 1000);
    writeStepUp(cookies, config, { userId: '7', stepUpAt, secure: true });
    expect(values.get(STEP_UP_COOKIE)?.options).toMatchObject({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      maxAge: 900,
      path: '/',
    });
    expect(readStepUp(cookies, config, '7', now)).toBe(stepUpAt);
    expect(readStepUp(cookies, config, '8', now)).toBeNull();
    expect(readStepUp(cookies, config, '7', now + 16 * 60_000)).toBeNull();
    const forged = values.get(STEP_UP_COOKIE)?.value.replace(/^7\.\d+/, `7.${stepUpAt + 600}`) ?? '';
    values.set(STEP_UP_COOKIE, { value: forged, options: {} });
    expect(readStepUp(cookies, config, '7', now)).toBeNull();
  });
});
