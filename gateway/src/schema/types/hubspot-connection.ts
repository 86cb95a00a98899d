import { HubSpotNotConfiguredError } from '../../connectors/hubspot/hubspot-errors';
import type { GatewayContext } from '../../context';
import { assertEnvironment } from '../../security/policy';
import { findDistrict } from '../../services/districts';
import { type HubSpotConnectionStatus, hubspotForRequest } from '../../services/hubspot-connections';
import { type HubSpotNoteRecord, type PostRunResult, postRunToHubSpot, runHubSpotNote } from '../../services/hubspot-notes';
import { builder } from '../builder';
import { DiagnosticRunRef } from './diagnostic';

/**
 * The viewer's HubSpot connection (OAuth 2 authorization code, or the admin's service
 * token) and "Post to HubSpot" for runs. Tokens never appear in the schema: the web app's
 * callback route hands the code and state to `completeHubSpotConnection` server-side.
 */

const HubSpotConnectionStateEnum = builder.enumType('HubSpotConnectionState', {
  values: {
    NOT_CONNECTED: { description: 'Neither your own connection nor a service token: ticket lookups and notes are unavailable.' },
    CONNECTED: { description: 'Your own HubSpot connection (OAuth); its access token is renewed before it expires.' },
    EXPIRED: { description: 'HubSpot refused your connection (revoked or expired): reconnect.' },
    SERVICE_TOKEN: { description: "No connection of your own: the team's static private-app or service-key token is used." },
  } as const,
});

const HubSpotConnectionRef = builder.objectRef<HubSpotConnectionStatus>('HubSpotConnection').implement({
  description: "The viewer's HubSpot connection, as the accounts screen shows it. Never a token.",
  fields: (t) => ({
    state: t.field({ type: HubSpotConnectionStateEnum, resolve: (c) => c.state }),
    oauthAvailable: t.exposeBoolean('oauthAvailable', {
      description: 'Users can connect their own HubSpot (the OAuth app is configured on the gateway).',
    }),
    serviceTokenAvailable: t.exposeBoolean('serviceTokenAvailable', {
      description: 'An admin configured a static token, used when a user has no connection of their own.',
    }),
    portalId: t.exposeString('portalId', { nullable: true, description: 'The HubSpot account (hub id) you connected.' }),
    scopes: t.exposeStringList('scopes'),
    expiresAt: t.exposeString('expiresAt', {
      nullable: true,
      description: 'When the current access token expires (ISO 8601); the gateway renews it ahead of that.',
    }),
    connectedAt: t.exposeString('connectedAt', { nullable: true }),
    message: t.exposeString('message', { description: 'The state in words, with what to do next.' }),
    revokedAtHubSpot: t.boolean({
      nullable: true,
      description:
        "Only in disconnectHubSpot's answer: true when HubSpot revoked the connection's refresh token, false when it could not be told (your tokens are deleted here anyway; uninstall the app in HubSpot to be sure). Null elsewhere.",
      resolve: (c) => c.revokedAtHubSpot ?? null,
    }),
  }),
});

const HubSpotAuthorizationRef = builder.objectRef<{ authorizeUrl: string; expiresAt: string }>('HubSpotAuthorization').implement({
  fields: (t) => ({
    authorizeUrl: t.exposeString('authorizeUrl', {
      description: "Send the user's browser here; HubSpot returns to HUBSPOT_REDIRECT_URI with `code` and `state`.",
    }),
    expiresAt: t.exposeString('expiresAt', { description: 'The state is refused after this (ISO 8601).' }),
  }),
});

const HubSpotConnectionResultRef = builder
  .objectRef<{ status: HubSpotConnectionStatus; returnTo: string | null }>('HubSpotConnectionResult')
  .implement({
    fields: (t) => ({
      connection: t.field({ type: HubSpotConnectionRef, resolve: (r) => r.status }),
      returnTo: t.exposeString('returnTo', {
        nullable: true,
        description: 'The web app path given to beginHubSpotConnection (a run page, say), to go back to.',
      }),
    }),
  });

const HubSpotNoteRef = builder.objectRef<HubSpotNoteRecord>('HubSpotNote').implement({
  description: 'A note a run posted on a HubSpot ticket.',
  fields: (t) => ({
    id: t.exposeID('noteId', { description: "HubSpot's note id." }),
    ticketId: t.exposeString('ticketId'),
    postedAt: t.exposeString('postedAt', { description: 'ISO 8601, UTC.' }),
    postedBy: t.exposeString('postedBy', { nullable: true }),
    ticketUrl: t.exposeString('ticketUrl', {
      nullable: true,
      description: "The ticket's page in HubSpot, when the portal is known.",
    }),
  }),
});

const HubSpotPostOutcomeEnum = builder.enumType('HubSpotPostOutcome', {
  values: {
    POSTED: { description: 'The note is on the ticket and recorded on the run.' },
    ALREADY_POSTED: { description: 'The run already has a note; nothing was posted (pass force to post another).' },
    TICKET_NOT_FOUND: { description: 'HubSpot has no such ticket; nothing was posted.' },
  } as const,
});

const HubSpotNotePostingRef = builder.objectRef<PostRunResult>('HubSpotNotePosting').implement({
  fields: (t) => ({
    outcome: t.field({ type: HubSpotPostOutcomeEnum, resolve: (r) => r.outcome }),
    message: t.exposeString('message', { description: 'What happened, in words for the user.' }),
    note: t.field({
      type: HubSpotNoteRef,
      nullable: true,
      description: 'The note just posted, or the one the run already has.',
      resolve: (r) => r.note,
    }),
    propertiesSet: t.exposeStringList('propertiesSet'),
    propertiesError: t.exposeString('propertiesError', {
      nullable: true,
      description: 'Set when the note was posted but HubSpot refused the ticket properties.',
    }),
    rateLimitedSeconds: t.exposeInt('rateLimitedSeconds', {
      description: "Seconds spent waiting out HubSpot's rate limit before the note went through.",
    }),
  }),
});

const HubSpotPropertyInput = builder.inputType('HubSpotPropertyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'The internal name, e.g. hs_pipeline_stage or hs_ticket_priority.' }),
    value: t.string({ required: true }),
  }),
});

builder.objectField(DiagnosticRunRef, 'hubspotNote', (t) =>
  t.field({
    type: HubSpotNoteRef,
    nullable: true,
    description: 'The note this run posted on a HubSpot ticket (postRunToHubSpot), if any.',
    resolve: (run, _args, context) => (run.recorded ? runHubSpotNote(context.services.appDatabase, run.id) : null),
  }),
);

function connectionsOf(context: GatewayContext) {
  const request = hubspotForRequest(context);
  if (!request.connections) throw new HubSpotNotConfiguredError('HubSpot is not set up on this gateway.');
  return { ...request, connections: request.connections };
}

builder.queryField('hubspotConnection', (t) =>
  t.field({
    type: HubSpotConnectionRef,
    description: 'Your HubSpot connection: NOT_CONNECTED, CONNECTED (portal, scopes, expiry), EXPIRED or SERVICE_TOKEN.',
    resolve: (_root, _args, context) => {
      const { connections, ...request } = connectionsOf(context);
      return connections.status(request);
    },
  }),
);

builder.mutationFields((t) => ({
  beginHubSpotConnection: t.field({
    type: HubSpotAuthorizationRef,
    description:
      "Starts connecting your own HubSpot (OAuth 2 authorization code): a one-time state, valid 10 minutes, and HubSpot's authorize URL carrying it.",
    args: {
      returnTo: t.arg.string({
        required: false,
        description: 'A path in the web app to return to afterwards (e.g. the run being posted).',
      }),
    },
    resolve: (_root, args, context) => {
      const { connections, db, viewer } = connectionsOf(context);
      return connections.begin({ db, viewer, returnTo: args.returnTo });
    },
  }),
  completeHubSpotConnection: t.field({
    type: HubSpotConnectionResultRef,
    description:
      "The OAuth callback: checks `state` (yours, unused, under 10 minutes old), trades `code` for tokens and stores them sealed in the vault. Called by the web app's callback route.",
    args: { code: t.arg.string({ required: true }), state: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => {
      const { connections, ...request } = connectionsOf(context);
      return connections.complete({ ...request, code: args.code, state: args.state, requestId: context.requestId });
    },
  }),
  disconnectHubSpot: t.field({
    type: HubSpotConnectionRef,
    description:
      'Forgets your HubSpot connection: its tokens are deleted here, then HubSpot is asked to revoke the refresh token (best effort, see revokedAtHubSpot); the service token, if any, applies again.',
    resolve: (_root, _args, context) => {
      const { connections, ...request } = connectionsOf(context);
      return connections.disconnect({ ...request, requestId: context.requestId });
    },
  }),
  postRunToHubSpot: t.field({
    type: HubSpotNotePostingRef,
    description:
      "Posts a run's findings as a note on a HubSpot ticket (status, findings, remediation, a link to the run), optionally sets ticket properties, and records the note on the run. Refuses politely (ALREADY_POSTED) when the run has a note, unless force.",
    authScopes: { role: 'support' },
    args: {
      runId: t.arg.id({ required: true }),
      ticketId: t.arg.string({
        required: false,
        description: 'A ticket number or URL; default the ticket the run was started from.',
      }),
      setProperties: t.arg({ type: [HubSpotPropertyInput], required: false }),
      force: t.arg.boolean({ required: false, defaultValue: false, description: 'Post another note when the run has one.' }),
      runUrl: t.arg.string({
        required: false,
        description:
          "The run's page in the web app, linked from the note (default: HUBSPOT_REDIRECT_URI's origin + /history/ID).",
      }),
    },
    resolve: (_root, args, context) => {
      const { connections, ...request } = connectionsOf(context);
      return postRunToHubSpot({
        db: request.db,
        viewer: request.viewer,
        requestId: context.requestId,
        runId: String(args.runId),
        ticketRef: args.ticketId,
        properties: args.setProperties,
        force: args.force ?? false,
        runUrl: args.runUrl ?? connections.runUrl(String(args.runId)),
        access: () => connections.accessFor(request),
        assertCanRead: (environment) => {
          assertEnvironment(context, environment === 'staging' ? 'staging' : 'production');
        },
        districtName: async (districtId, environment) =>
          (
            await findDistrict(context.services, {
              id: districtId,
              environment: environment === 'production' ? 'production' : 'staging',
            })
          )?.name ?? null,
      });
    },
  }),
}));
