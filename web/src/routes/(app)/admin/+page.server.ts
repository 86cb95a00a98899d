import { redirect } from '@sveltejs/kit';
import { assertAdmin } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  assertAdmin(locals);
  redirect(307, '/admin/audit');
};
