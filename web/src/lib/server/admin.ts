import { WebViewerSecurityDocument } from '@cdt/schema';
import { type Action, type ActionFailure, error, fail, type RequestEvent } from '@sveltejs/kit';
import type { CombinedError } from '@urql/core';
import { describeGraphQLError, stepUpRequired } from '$lib/graphql/client';
import type { StepUpFailure } from '$lib/step-up-form';

/**
 * The admin pages' server side. The gateway enforces every role itself; these checks only
 * keep other roles from reaching the pages and actions at all. A layout's load does not run
 * before a form action, so every admin action is wrapped in `adminActions`.
 */

export function assertAdmin(locals: App.Locals): void {
  if (locals.user?.role !== 'admin') {
    error(403, `The admin pages need the admin role; you are signed in as ${locals.user?.role ?? 'nobody'}.`);
  }
}

/** Form actions that refuse anyone but an admin before they run. */
export function adminActions<T extends Record<string, Action>>(actions: T): { [K in keyof T]: Action } {
  const guarded: Record<string, Action> = {};
  for (const [name, action] of Object.entries(actions)) {
    guarded[name] = (event) => {
      assertAdmin(event.locals);
      return action(event);
    };
  }
  return guarded as { [K in keyof T]: Action };
}

/**
 * A recent step-up, or the failure that has the page open "Confirm it's you" and submit the
 * form again (`enhanceWithStepUp`). The same 15-minute step-up as production data.
 */
export async function requireStepUp(event: RequestEvent, what: string): Promise<ActionFailure<StepUpFailure> | null> {
  if (event.locals.stepUpAt()) return null;
  const security = await event.locals.gateway.query(WebViewerSecurityDocument, {}).toPromise();
  return fail(403, {
    stepUp: { totpRequired: security.data?.viewerSecurity.totpEnrolled ?? false },
    message: `Confirm it's you before you ${what}.`,
  });
}

/** A gateway error as an action failure: a step-up it asks for, else its message for the form. */
export function gatewayFailure(gatewayError: CombinedError | undefined, fallback = 'The gateway did not answer.') {
  const needed = stepUpRequired(gatewayError);
  const message = describeGraphQLError(gatewayError) ?? fallback;
  if (needed) return fail(403, { stepUp: needed, message });
  return fail(gatewayError?.networkError ? 502 : 400, { message });
}

/** A form field as trimmed text, at most `max` characters. */
export const field = (form: FormData, name: string, max = 200) =>
  String(form.get(name) ?? '')
    .trim()
    .slice(0, max);
