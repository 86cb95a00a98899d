import { assertAdmin } from '$lib/server/admin';
import type { LayoutServerLoad } from './$types';

/** Admins only: others get a 403 page (and the gateway refuses them these queries anyway). */
export const load: LayoutServerLoad = ({ locals }) => {
  assertAdmin(locals);
  return {};
};
