import { builder } from './builder';
// Each file registers its types and fields on the builder.
import './types/enums';
import './types/person';
import './types/student';
import './types/parent';
import './types/teacher';
import './types/guardian-link';
import './types/school';
import './types/class';
import './types/enrollment';
import './types/sync';
import './types/roster-view';
import './types/district';
import './types/diagnostic';
import './types/comparison';
import './types/run-history';
import './types/ticket';
import './types/hubspot-connection';
import './types/audit';
import './types/credential';
import './types/security';
import './types/customer-settings';
import './types/connection';
import './types/source-upload';

export const schema = builder.toSchema({ sortSchema: true });
