import type { ActionResult } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { enhanceWithStepUp, isStepUpFailure } from './step-up-form';

function submit(answer: boolean, result: ActionResult) {
  const request = vi.fn(async () => answer);
  const requestSubmit = vi.fn();
  const update = vi.fn(async () => {});
  const submitter = {};
  const after = enhanceWithStepUp({ request })({
    formElement: { requestSubmit },
    submitter,
  } as never) as unknown as (options: { result: ActionResult; update: typeof update }) => Promise<void>;
  return { run: () => after({ result, update }), request, requestSubmit, update };
}

describe('forms that may need a step-up', () => {
  const needed: ActionResult = { type: 'failure', status: 403, data: { stepUp: { totpRequired: true }, message: 'Confirm.' } };

  it('open the dialog, then submit the same form again once confirmed', async () => {
    const flow = submit(true, needed);
    await flow.run();
    expect(flow.request).toHaveBeenCalledWith({ totpRequired: true });
    expect(flow.requestSubmit).toHaveBeenCalledTimes(1);
    expect(flow.requestSubmit.mock.calls[0]).toHaveLength(1);
    expect(flow.update).not.toHaveBeenCalled();
  });

  it('show the message when the user cancels, and behave as usual for any other result', async () => {
    const cancelled = submit(false, needed);
    await cancelled.run();
    expect(cancelled.requestSubmit).not.toHaveBeenCalled();
    expect(cancelled.update).toHaveBeenCalledWith({ reset: true });

    const other = submit(true, { type: 'failure', status: 400, data: { message: 'Bad.' } });
    await other.run();
    expect(other.request).not.toHaveBeenCalled();
    expect(other.update).toHaveBeenCalled();
  });

  it('recognise the failure by its stepUp field', () => {
    expect(isStepUpFailure({ stepUp: { totpRequired: false }, message: 'x' })).toBe(true);
    expect(isStepUpFailure({ message: 'x' })).toBe(false);
    expect(isStepUpFailure(null)).toBe(false);
  });
});
