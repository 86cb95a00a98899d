/**
 * The gateway schema with the diagnostics types registered. Importing the type files before
 * `schema/index.ts` builds the schema keeps specs working whether or not index.ts imports
 * them yet (it should: see the diagnostics report).
 */
import '../../schema/types/diagnostic';
import '../../schema/types/comparison';
import '../../schema/types/run-history';

export { schema } from '../../schema';
