import { INTERACTIVE_MAX_RATE_LIMIT_RETRIES, INTERACTIVE_MAX_RATE_LIMIT_WAIT_SECONDS } from '../connectors/hubspot/hubspot-api';
import { HubSpotError, HubSpotNotConfiguredError } from '../connectors/hubspot/hubspot-errors';
import type { Viewer } from '../context';
import type { SqlClient } from '../db/sql-client';
import type { Finding } from '../diagnostics/findings';
import { runById } from '../diagnostics/history/run-history';
import { toolByName } from '../diagnostics/registry';
import { InputError, NotFoundError } from '../errors';
import { recordAudit } from '../security/audit-log';
import { parseTicketRefWithHost, ticketAppUrl } from '../tickets/parse-ticket-ref';
import type { HubSpotAccess } from './hubspot-connections';
import { renderRunNote } from './hubspot-run-note';

/**
 * "Post to HubSpot": a run's findings as a note on its ticket, optionally with ticket
 * properties, recorded on the run (diagnostic_runs.hubspot_note_id) and in the audit log.
 * A run carries one note: posting again needs `force`.
 */

/**
 * A post waits out at most this much of HubSpot's rate limit inside the request; a longer wait
 * answers HUBSPOT_RATE_LIMITED with `retryAfterSeconds` at once (the run stays recorded, and the
 * web app counts down and posts again).
 */
export const POST_MAX_RATE_LIMIT_WAIT_SECONDS = INTERACTIVE_MAX_RATE_LIMIT_WAIT_SECONDS;
export const POST_MAX_RATE_LIMIT_RETRIES = INTERACTIVE_MAX_RATE_LIMIT_RETRIES;
export const MAX_TICKET_PROPERTIES = 20;
const PROPERTY_NAME = /^[a-z][a-z0-9_]{0,99}$/;
const MAX_PROPERTY_VALUE_CHARS = 65_536;

export interface HubSpotNoteRecord {
  noteId: string;
  ticketId: string;
  postedAt: string;
  postedBy: string | null;
  /** The ticket's page in HubSpot, when the portal is known. */
  ticketUrl: string | null;
}

export type PostOutcome = 'POSTED' | 'ALREADY_POSTED' | 'TICKET_NOT_FOUND';

export interface PostRunResult {
  outcome: PostOutcome;
  message: string;
  /** The note just posted, or the one already on the run. */
  note: HubSpotNoteRecord | null;
  propertiesSet: string[];
  /** Why the ticket properties were not set, when the note was posted but the update failed. */
  propertiesError: string | null;
  /** Seconds spent waiting out HubSpot's rate limit during this post. */
  rateLimitedSeconds: number;
}

interface NoteRow {
  hubspot_note_id: string | null;
  hubspot_ticket_id: string | null;
  hubspot_note_posted_at: Date | null;
  hubspot_note_posted_by: string | null;
}

/** The note recorded on a run, or null. */
export async function runHubSpotNote(db: SqlClient, runId: string, portalId?: string | null): Promise<HubSpotNoteRecord | null> {
  if (!/^\d{1,18}$/.test(runId)) return null;
  const { rows } = await db.query<NoteRow>(
    `SELECT hubspot_note_id, hubspot_ticket_id, hubspot_note_posted_at, hubspot_note_posted_by
       FROM diagnostic_runs WHERE id = $1::bigint`,
    [runId],
  );
  return toRecord(rows[0], portalId ?? null);
}

function toRecord(row: NoteRow | undefined, portalId: string | null): HubSpotNoteRecord | null {
  if (!row?.hubspot_note_id || !row.hubspot_ticket_id) return null;
  return {
    noteId: row.hubspot_note_id,
    ticketId: row.hubspot_ticket_id,
    postedAt: (row.hubspot_note_posted_at ?? new Date(0)).toISOString(),
    postedBy: row.hubspot_note_posted_by,
    ticketUrl: ticketAppUrl({ ticketId: row.hubspot_ticket_id, portalId }),
  };
}

/** Ticket properties as HubSpot names them; refuses what HubSpot would refuse less clearly. */
export function checkTicketProperties(properties: readonly { name: string; value: string }[]): Record<string, string> {
  if (properties.length > MAX_TICKET_PROPERTIES) {
    throw new InputError(`setProperties: at most ${MAX_TICKET_PROPERTIES} properties at once; got ${properties.length}.`);
  }
  const out: Record<string, string> = {};
  for (const { name, value } of properties) {
    if (!PROPERTY_NAME.test(name)) {
      throw new InputError(
        `setProperties: "${name.slice(0, 100)}" is not a HubSpot property name (lowercase letters, digits and "_", e.g. hs_pipeline_stage).`,
      );
    }
    if (value.length > MAX_PROPERTY_VALUE_CHARS) throw new InputError(`setProperties: the value of ${name} is too long.`);
    out[name] = value;
  }
  return out;
}

export async function postRunToHubSpot(options: {
  db: SqlClient;
  viewer: Viewer;
  requestId?: string;
  runId: string;
  /** A ticket number or URL; default the ticket the run was started from. */
  ticketRef?: string | null;
  properties?: readonly { name: string; value: string }[] | null;
  force?: boolean;
  /** The run's page in the web app, linked from the note. */
  runUrl?: string | null;
  /** Null when HubSpot is not connected for this viewer. */
  access: () => Promise<HubSpotAccess | null>;
  /** Run details the viewer may not read are refused before anything is posted. */
  assertCanRead: (environment: string | null) => void;
  districtName?: (districtId: string, environment: string) => Promise<string | null>;
}): Promise<PostRunResult> {
  const { db, viewer } = options;
  const run = await runById(db, options.runId);
  if (!run) throw new NotFoundError(`There is no run #${options.runId} in the history.`, { runId: options.runId });
  if (run.kind !== 'tool' || !run.status) {
    throw new InputError(`Run #${run.id} is a comparison; only diagnostic tool runs can be posted to HubSpot.`);
  }
  options.assertCanRead(run.environment);
  const properties = checkTicketProperties(options.properties ?? []);

  const ref = options.ticketRef?.trim() || run.ticketId;
  if (!ref) {
    throw new InputError(
      `Run #${run.id} was not started from a HubSpot ticket: say which ticket to post to (a ticket number or URL).`,
    );
  }
  const parsed = parseTicketRefWithHost(ref);
  if (!parsed) {
    throw new InputError(`Expected a HubSpot ticket number or URL; got "${ref.slice(0, 120)}".`, { ticketId: ref.slice(0, 120) });
  }
  const ticketId = parsed.ticketId;

  const { rows } = await db.query<NoteRow>(
    `SELECT hubspot_note_id, hubspot_ticket_id, hubspot_note_posted_at, hubspot_note_posted_by
       FROM diagnostic_runs WHERE id = $1::bigint`,
    [run.id],
  );
  const access = await options.access();
  const portalId = parsed.portalId ?? access?.portalId ?? null;
  const existing = toRecord(rows[0], portalId);
  if (existing && !options.force) {
    return {
      outcome: 'ALREADY_POSTED',
      message: `Run #${run.id} is already on ticket ${existing.ticketId} as note ${existing.noteId} (posted ${existing.postedAt.slice(0, 16).replace('T', ' ')} UTC${existing.postedBy ? ` by ${existing.postedBy}` : ''}). Post again with force to add another note.`,
      note: existing,
      propertiesSet: [],
      propertiesError: null,
      rateLimitedSeconds: 0,
    };
  }
  if (!access) {
    throw new HubSpotNotConfiguredError(
      'HubSpot is not connected for you: connect HubSpot on the Accounts page (or ask an admin to set HUBSPOT_ACCESS_TOKEN).',
    );
  }

  const ticket = await access.client.getTicket(ticketId);
  if (!ticket) {
    return {
      outcome: 'TICKET_NOT_FOUND',
      message: `HubSpot has no ticket ${ticketId}${access.via === 'USER' && access.portalId ? ` in account ${access.portalId}` : ''}: check the ticket number. Nothing was posted.`,
      note: null,
      propertiesSet: [],
      propertiesError: null,
      rateLimitedSeconds: 0,
    };
  }

  let rateLimitedSeconds = 0;
  const client = access.withOptions({
    maxRateLimitRetries: POST_MAX_RATE_LIMIT_RETRIES,
    maxRateLimitWaitSeconds: POST_MAX_RATE_LIMIT_WAIT_SECONDS,
    onRateLimited: ({ retryInSeconds }) => {
      rateLimitedSeconds += retryInSeconds;
    },
  });
  const environment = run.environment ?? 'staging';
  const districtName =
    run.districtId && options.districtName ? await options.districtName(run.districtId, environment).catch(() => null) : null;
  const html = renderRunNote({
    id: run.id,
    toolTitle: toolByName(run.tool)?.title ?? run.tool,
    status: run.status,
    summary: run.summary,
    districtId: run.districtId,
    districtName,
    environment: run.environment,
    findings: run.findings as Finding[],
    findingTotal: run.findingTotal,
    remediation: run.remediation as string[],
    createdAt: run.createdAt,
    actorName: run.actor.name,
    runUrl: options.runUrl,
  });
  const noteId = await client.createTicketNote({ ticketId, html });

  // The note exists now: record it before anything else can fail.
  const { rows: recorded } = await db.query<NoteRow>(
    `UPDATE diagnostic_runs
        SET hubspot_note_id = $2, hubspot_ticket_id = $3, hubspot_note_posted_at = now(), hubspot_note_posted_by = $4
      WHERE id = $1::bigint
      RETURNING hubspot_note_id, hubspot_ticket_id, hubspot_note_posted_at, hubspot_note_posted_by`,
    [run.id, noteId, ticketId, viewer.name],
  );
  const note = toRecord(recorded[0], portalId);

  let propertiesError: string | null = null;
  const propertiesSet: string[] = [];
  if (Object.keys(properties).length) {
    try {
      await client.updateTicketProperties({ ticketId, properties });
      propertiesSet.push(...Object.keys(properties));
    } catch (error) {
      if (!(error instanceof HubSpotError)) throw error;
      propertiesError = `The note was posted, but the ticket properties were not set: ${error.message}`;
    }
  }

  await recordAudit(db, {
    actor: viewer,
    action: 'hubspot_note_posted',
    environment: run.environment === 'production' ? 'production' : run.environment === 'staging' ? 'staging' : null,
    districtId: run.districtId,
    requestId: options.requestId,
    detail: {
      runId: run.id,
      ticketId,
      noteId,
      via: access.via,
      forced: Boolean(existing),
      properties: propertiesSet,
      ...(propertiesError ? { propertiesError: true } : {}),
      ...(rateLimitedSeconds ? { rateLimitedSeconds } : {}),
    },
  });

  const waited = rateLimitedSeconds ? ` HubSpot was rate-limiting us; it went through after ${rateLimitedSeconds} s.` : '';
  return {
    outcome: 'POSTED',
    message: `Posted run #${run.id} to ticket ${ticketId} as note ${noteId}${propertiesSet.length ? `, and set ${propertiesSet.join(', ')}` : ''}.${waited}`,
    note,
    propertiesSet,
    propertiesError,
    rateLimitedSeconds,
  };
}
