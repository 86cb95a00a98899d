import type { SubmitFunction } from '@sveltejs/kit';

/**
 * use:enhance for a form that destroys something: the browser asks `question` first, and
 * only OK submits. `then` handles the submission as it would alone (default: SvelteKit's).
 */
export function confirmSubmit(question: string, then?: SubmitFunction): SubmitFunction {
  return (input) => {
    if (!confirm(question)) return input.cancel();
    return then?.(input);
  };
}
