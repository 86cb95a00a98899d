import type { SubmitFunction } from '@sveltejs/kit';

/** What a form action returns when the action needs a recent step-up first (`$lib/server/admin`). */
export interface StepUpFailure {
  stepUp: { totpRequired: boolean };
  message: string;
}

export const isStepUpFailure = (data: unknown): data is StepUpFailure =>
  !!data && typeof data === 'object' && 'stepUp' in data && !!(data as StepUpFailure).stepUp;

/**
 * use:enhance for forms whose action may need a step-up: when the action answers with
 * `stepUp`, the layout's "Confirm it's you" dialog opens (POST /step-up), and once confirmed
 * the same form is submitted again, so the admin comes back to where they were.
 */
export function enhanceWithStepUp(
  stepUp: { request(options: { totpRequired?: boolean }): Promise<boolean> },
  options: { reset?: boolean } = {},
): SubmitFunction {
  return ({ formElement, submitter }) =>
    async ({ result, update }) => {
      if (result.type === 'failure' && isStepUpFailure(result.data)) {
        if (await stepUp.request({ totpRequired: result.data.stepUp.totpRequired })) {
          formElement.requestSubmit(submitter);
          return;
        }
      }
      await update({ reset: options.reset ?? true });
    };
}
