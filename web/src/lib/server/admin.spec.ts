import { type ActionFailure, isActionFailure, isHttpError, type RequestEvent } from '@sveltejs/kit';
import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { adminActions, gatewayFailure, requireStepUp } from './admin';

function eventAs(role: 'admin' | 'support' | 'viewer', options: { stepUpAt?: number | null; totpEnrolled?: boolean } = {}) {
  const queries: unknown[] = [];
  const locals = {
    user: { id: '1', username: 'u', name: 'U', role, provider: 'credentials', authAt: null, stepUpAt: null },
    stepUpAt: () => options.stepUpAt ?? null,
    gateway: {
      query: (document: unknown) => {
        queries.push(document);
        return { toPromise: async () => ({ data: { viewerSecurity: { totpEnrolled: options.totpEnrolled ?? false } } }) };
      },
    },
  };
  return { event: { locals } as unknown as RequestEvent, queries };
}

async function thrown(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  return null;
}

describe('admin form actions', () => {
  it('refuse every role but admin before the action runs', async () => {
    let ran = 0;
    const actions = adminActions({ one: () => void ran++, two: () => void ran++ });
    for (const role of ['support', 'viewer'] as const) {
      for (const action of [actions.one, actions.two]) {
        const error = await thrown(() => action(eventAs(role).event));
        expect(isHttpError(error, 403)).toBe(true);
      }
    }
    expect(ran).toBe(0);
    await actions.one(eventAs('admin').event);
    expect(ran).toBe(1);
  });

  it('ask for a step-up (with the TOTP flag) unless one is fresh', async () => {
    const fresh = eventAs('admin', { stepUpAt: Math.floor(Date.now() / 1000) });
    expect(await requireStepUp(fresh.event, 'do it')).toBeNull();
    expect(fresh.queries).toHaveLength(0);

    const stale = eventAs('admin', { totpEnrolled: true });
    const failure = (await requireStepUp(stale.event, 'create a token')) as ActionFailure<{ stepUp: unknown; message: string }>;
    expect(isActionFailure(failure)).toBe(true);
    expect(failure.status).toBe(403);
    expect(failure.data).toEqual({ stepUp: { totpRequired: true }, message: "Confirm it's you before you create a token." });
  });

  it("turn the gateway's step-up demand into the same failure, and other errors into their message", () => {
    const stepUp = gatewayFailure(
      new CombinedError({
        graphQLErrors: [{ message: 'Confirm your password.', extensions: { code: 'STEP_UP_REQUIRED', totpRequired: false } }],
      }),
    );
    expect(stepUp.status).toBe(403);
    expect(stepUp.data).toEqual({ stepUp: { totpRequired: false }, message: 'Confirm your password.' });

    const input = gatewayFailure(new CombinedError({ graphQLErrors: [{ message: 'You cannot change your own role.' }] }));
    expect(input.status).toBe(400);
    expect(input.data).toEqual({ message: 'You cannot change your own role.' });
    expect(gatewayFailure(undefined).data).toEqual({ message: 'The gateway did not answer.' });
  });
});
