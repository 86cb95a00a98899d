import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth';
import { clearStepUp } from '$lib/server/step-up';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    clearStepUp(event.cookies);
    return signOut(event);
  },
};
