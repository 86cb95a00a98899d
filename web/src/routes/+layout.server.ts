import { readSelection } from '$lib/selection';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
  user: locals.user,
  selection: readSelection(cookies),
});
