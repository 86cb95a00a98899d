import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '../context';
import { productionAccess, STEP_UP_MAX_AGE_SECONDS } from './policy';
import type { Authentication } from './request-security';

const now = new Date('2026-09-01T12:00:00Z');
const seconds = now.getTime() / 1000;
const viewer = (role: Role, kind: Viewer['kind'] = 'session'): Viewer => ({
  kind,
  id: kind === 'session' ? 'user:1' : 'token:1',
  name: 'x',
  role,
});
const session = (stepUpAt: number | null, totpEnrolled = false): Authentication => ({
  method: 'session',
  authAt: seconds - 3600,
  stepUpAt,
  totpEnrolled,
});
const token: Authentication = { method: 'token', authAt: null, stepUpAt: null, totpEnrolled: false };

describe('production access', () => {
  it('needs the support role whatever the authentication', () => {
    expect(productionAccess(viewer('viewer', 'token'), token, now)).toMatchObject({ allowed: false, reason: 'ROLE' });
    expect(productionAccess(viewer('viewer'), session(seconds), now)).toMatchObject({ allowed: false, reason: 'ROLE' });
    expect(productionAccess(viewer('support', 'token'), token, now)).toEqual({ allowed: true });
    expect(productionAccess(viewer('admin', 'token'), token, now)).toEqual({ allowed: true });
  });

  it('needs a step-up within 15 minutes for web sessions, and says when TOTP is part of it', () => {
    expect(productionAccess(viewer('support'), session(null), now)).toMatchObject({ allowed: false, reason: 'STEP_UP' });
    expect(productionAccess(viewer('support'), session(seconds - 60), now)).toEqual({ allowed: true });
    expect(productionAccess(viewer('admin'), session(seconds - STEP_UP_MAX_AGE_SECONDS + 1), now)).toEqual({ allowed: true });
    const stale = productionAccess(viewer('support'), session(seconds - STEP_UP_MAX_AGE_SECONDS, true), now);
    expect(stale).toMatchObject({ allowed: false, reason: 'STEP_UP' });
    if (!stale.allowed) {
      expect(stale.error.code).toBe('STEP_UP_REQUIRED');
      expect(stale.error.message).toContain('authenticator code');
      expect(stale.error.details).toMatchObject({ totpRequired: true, stepUpMaxAgeSeconds: 900 });
    }
  });
});
