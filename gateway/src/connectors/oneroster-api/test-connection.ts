import { AppError } from '../../errors';
import { createOneRosterClient, type OneRosterClient } from './connection';
import { OneRosterApiError } from './errors';
import { TEST_CONNECTION_MAX_RETRIES, TEST_CONNECTION_TIMEOUT_MS } from './limits';
import { listPages } from './paging';
import { readRecords } from './record-errors';
import { readOrg } from './rest-records';
import {
  type ClassLinkSourceOptions,
  classLinkConnection,
  type OneRosterApiSourceOptions,
  oneRosterApiConnection,
} from './source-readers';

export type ConnectionStepName = 'reach' | 'authenticate' | 'read';

export interface ConnectionStep {
  step: ConnectionStepName;
  ok: boolean;
  /** One sentence for the settings screen: what happened, or what to fix. */
  message: string;
  /** How long the step took; 0 for a step not tried. */
  durationMs?: number;
}

export type TestedSource =
  | ({ kind: 'oneroster-api' } & OneRosterApiSourceOptions)
  | ({ kind: 'classlink' } & ClassLinkSourceOptions);

/** Schools read by the `read` step: one page, enough to show the district is the right one. */
const READ_STEP_PAGE_SIZE = 100;
/** Schools named in the `read` step's message. */
const READ_STEP_NAMED_SCHOOLS = 3;

/**
 * Checks a OneRoster REST or ClassLink source the way the settings screen needs: can we
 * reach the server, does it accept our credentials, can we read one page. Each step reports
 * its own result; steps after a failed one are reported as not tried. Never throws for a
 * failing source (only for settings that cannot describe one), and never includes secrets.
 * Uses a short deadline and one retry, so a dead server answers in seconds.
 */
export async function testOneRosterConnection(options: { source: TestedSource }): Promise<ConnectionStep[]> {
  const { source } = options;
  const connection = source.kind === 'classlink' ? classLinkConnection(source) : oneRosterApiConnection(source);
  const client = createOneRosterClient({
    connection,
    ...source,
    timeoutMs: source.timeoutMs ?? TEST_CONNECTION_TIMEOUT_MS,
    maxRetries: source.maxRetries ?? TEST_CONNECTION_MAX_RETRIES,
  });

  const steps: ConnectionStep[] = [];
  const skipAfter = (failed: ConnectionStepName) => {
    for (const step of ['reach', 'authenticate', 'read'] as const) {
      if (!steps.some((done) => done.step === step))
        steps.push({ step, ok: false, message: `Not tried: the ${failed} step failed.` });
    }
    return steps;
  };

  const timed = async (run: (client: OneRosterClient) => Promise<ConnectionStep>): Promise<ConnectionStep> => {
    const started = performance.now();
    const step = await run(client);
    return { ...step, durationMs: Math.round(performance.now() - started) };
  };

  const reach = await timed(reachStep);
  steps.push(reach);
  if (!reach.ok) return skipAfter('reach');

  const authenticate = await timed(authenticateStep);
  steps.push(authenticate);
  if (!authenticate.ok) return skipAfter('authenticate');

  steps.push(await timed(readStep));
  return steps;
}

async function reachStep(client: OneRosterClient): Promise<ConnectionStep> {
  try {
    const response = await client.probe({ path: '/orgs', query: { limit: 1 } });
    const origin = new URL(client.baseUrl).origin;
    const expected = response.status === 401 || response.status === 403 ? ', as expected without credentials' : '';
    return { step: 'reach', ok: true, message: `${origin} answered HTTP ${response.status}${expected}.` };
  } catch (error) {
    return { step: 'reach', ok: false, message: messageOf(error, client) };
  }
}

async function authenticateStep(client: OneRosterClient): Promise<ConnectionStep> {
  try {
    let granted = '';
    if (client.oauth2) {
      await client.oauth2.accessToken();
      const scopes = client.oauth2.grantedScopes() ?? [];
      granted = ` A token was granted${scopes.length > 0 ? ` with scopes ${scopes.map(shortScope).join(', ')}` : ''}.`;
    }
    await client.get({ path: '/orgs', query: { limit: 1 } });
    return { step: 'authenticate', ok: true, message: `${client.authorizer.description} accepted.${granted}` };
  } catch (error) {
    return { step: 'authenticate', ok: false, message: messageOf(error, client) };
  }
}

async function readStep(client: OneRosterClient): Promise<ConnectionStep> {
  try {
    const pages = listPages({ client, path: '/schools', key: 'orgs', pageSize: READ_STEP_PAGE_SIZE });
    const first = await pages.next();
    await pages.return(undefined);
    const records = first.done ? [] : first.value;
    const schools = readRecords({ client, path: '/schools', records, read: (json) => readOrg(json, { assumeSchool: true }) })
      .map((org) => org.school)
      .filter((school) => school !== null);
    if (schools.length === 0) {
      return {
        step: 'read',
        ok: false,
        message: 'Read /schools but it lists no live school: check that the credentials are for the right district.',
      };
    }
    const named = schools.slice(0, READ_STEP_NAMED_SCHOOLS).map((school) => school.name);
    const more = schools.length > named.length ? ` and ${schools.length - named.length} more` : '';
    return {
      step: 'read',
      ok: true,
      message: `Read ${schools.length} school${schools.length === 1 ? '' : 's'}: ${named.join(', ')}${more}.`,
    };
  } catch (error) {
    return { step: 'read', ok: false, message: messageOf(error, client) };
  }
}

/**
 * The error's own words, then the full address of the endpoint that failed when the words give
 * only its path under the base URL: the settings screen shows one step, and the person fixing
 * it needs the server too. The query string is left out (filters can hold names).
 */
function messageOf(error: unknown, client: OneRosterClient): string {
  if (error instanceof OneRosterApiError) {
    const path = error.endpoint.split('?')[0] ?? '';
    if (!path.startsWith('/')) return error.message;
    const where = `${client.baseUrl.replace(/\/+$/, '')}${path}`;
    return error.message.includes(where) ? error.message : `${error.message} Endpoint: ${where}.`;
  }
  if (error instanceof AppError) return error.message;
  // Anything else is ours, not the server's; its message may hold internals.
  return 'The check failed unexpectedly; see the gateway log.';
}

/** `https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly` → `roster.readonly`. */
function shortScope(scope: string): string {
  return scope.slice(scope.lastIndexOf('/') + 1);
}
