import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  INTERACTIVE_MAX_RATE_LIMIT_RETRIES,
  INTERACTIVE_MAX_RATE_LIMIT_WAIT_SECONDS,
  OAUTH_SCOPES,
} from '../connectors/hubspot/hubspot-api';
import { createHubSpotClient, type HubSpotClient, type HubSpotClientOptions } from '../connectors/hubspot/hubspot-client';
import { HubSpotAuthError, HubSpotNotConfiguredError } from '../connectors/hubspot/hubspot-errors';
import type { HubSpotLogger } from '../connectors/hubspot/hubspot-http';
import {
  buildAuthorizeUrl,
  createOAuthTokenProvider,
  exchangeCode,
  type HubSpotTokenProvider,
  type HubSpotTokenSet,
  revokeRefreshToken,
} from '../connectors/hubspot/hubspot-oauth';
import type { GatewayContext, Viewer } from '../context';
import type { SqlClient } from '../db/sql-client';
import { AppError, CredentialError, InputError } from '../errors';
import { recordAudit } from '../security/audit-log';
import type { CredentialVault } from '../security/credential-vault';
import { requestSecurity } from '../security/request-security';

/**
 * Who the gateway talks to HubSpot as, per user: the user's own OAuth grant when they
 * connected one (authorization-code flow, tokens sealed in the vault, refreshed ahead of
 * expiry), else the admin's static private-app or service-key token (HUBSPOT_ACCESS_TOKEN).
 * A grant HubSpot refuses (401, a refused refresh) is marked revoked, and every later call
 * answers HUBSPOT_RECONNECT_REQUIRED until the user connects again.
 */

/** How long a user has to approve the app in HubSpot before the state expires. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;
/** A returnTo longer than this is dropped (it is a path in the web app). */
const MAX_RETURN_TO_CHARS = 500;

export type HubSpotConnectionStateName = 'NOT_CONNECTED' | 'CONNECTED' | 'EXPIRED' | 'SERVICE_TOKEN';

/** What the accounts screen shows about the viewer's HubSpot connection. Never a token. */
export interface HubSpotConnectionStatus {
  state: HubSpotConnectionStateName;
  /** Users can connect their own HubSpot (HUBSPOT_CLIENT_ID, _SECRET and _REDIRECT_URI are set). */
  oauthAvailable: boolean;
  /** An admin configured a static token: lookups work for users who did not connect. */
  serviceTokenAvailable: boolean;
  /** The HubSpot account (hub id) of the user's grant. */
  portalId: string | null;
  scopes: string[];
  /** When the current access token expires (it is renewed before then). */
  expiresAt: string | null;
  connectedAt: string | null;
  message: string;
  /**
   * Only in disconnect's answer: whether HubSpot revoked the grant's refresh token (true), or
   * could not be told (false; the tokens are deleted here anyway). Undefined elsewhere.
   */
  revokedAtHubSpot?: boolean | null;
}

/** The HubSpot client for one request, and whose credentials it uses. */
export interface HubSpotAccess {
  via: 'USER' | 'SERVICE';
  /** The portal, when the grant says (user connections). */
  portalId: string | null;
  /** Shared per user: its ticket cache lives across requests. */
  client: HubSpotClient;
  /** A new client on the same credentials, for calls that watch their own rate-limit waits. */
  withOptions(
    options: Pick<HubSpotClientOptions, 'onRateLimited' | 'maxRateLimitRetries' | 'maxRateLimitWaitSeconds'>,
  ): HubSpotClient;
}

export interface HubSpotConnections {
  readonly oauthAvailable: boolean;
  /** The client on the admin's static token, for work without a user (null when none is set). */
  readonly serviceClient: HubSpotClient | null;
  /** A run's page in the web app (the redirect URI's origin + /history/ID), for links in notes; null when unknown. */
  runUrl(runId: string): string | null;
  status(options: { db: SqlClient; vault: CredentialVault; viewer: Viewer }): Promise<HubSpotConnectionStatus>;
  /** Stores a one-time state for the viewer and returns HubSpot's authorize URL carrying it. */
  begin(options: {
    db: SqlClient;
    viewer: Viewer;
    returnTo?: string | null;
  }): Promise<{ authorizeUrl: string; expiresAt: string }>;
  /** The callback: checks the state, trades the code for tokens and stores them sealed. */
  complete(options: {
    db: SqlClient;
    vault: CredentialVault;
    viewer: Viewer;
    code: string;
    state: string;
    requestId?: string;
  }): Promise<{ status: HubSpotConnectionStatus; returnTo: string | null }>;
  /**
   * Forgets the viewer's grant: its tokens are deleted here, then HubSpot is asked to revoke its
   * refresh token (best effort: a failure is logged and reported in `revokedAtHubSpot`).
   */
  disconnect(options: {
    db: SqlClient;
    vault: CredentialVault;
    viewer: Viewer;
    requestId?: string;
  }): Promise<HubSpotConnectionStatus>;
  /** The viewer's own connection, else the service token, else null. Throws HUBSPOT_RECONNECT_REQUIRED for a revoked grant. */
  accessFor(options: { db: SqlClient; vault: CredentialVault; viewer: Viewer }): Promise<HubSpotAccess | null>;
}

export interface HubSpotConnectionsOptions {
  /** API base (https://api.hubapi.com, or the local HubSpot). */
  baseUrl: string;
  /** Where users approve the app (https://app.hubspot.com, or the local HubSpot). */
  appBaseUrl?: string;
  /** HUBSPOT_ACCESS_TOKEN: a private-app or service-key token an admin configured. */
  serviceToken?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  logger?: HubSpotLogger;
  now?: () => number;
}

/** The OAuth state is a secret bearer value: only its hash is stored. */
const stateHash = (state: string) => createHash('sha256').update(state, 'utf8').digest('hex');
/** Envelopes are bound to their user, grant and purpose: a sealed token copied elsewhere does not open. */
const sealContext = (userId: string, grantId: string, which: 'access' | 'refresh') => `hubspot:${userId}:${grantId}:${which}`;

/** The OAuth state check failed: wrong, used, expired, or another user's. */
export class HubSpotOAuthStateError extends AppError {
  readonly code = 'HUBSPOT_OAUTH_STATE_INVALID';
}

/** Only paths inside the web app: a returnTo never sends the user to another site. */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_RETURN_TO_CHARS) return null;
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : null;
}

interface ConnectionRow {
  user_id: string;
  grant_id: string;
  hub_id: string | null;
  scopes: string[];
  access_token_envelope: string;
  refresh_token_envelope: string;
  expires_at: Date;
  connected_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export function createHubSpotConnections(options: HubSpotConnectionsOptions): HubSpotConnections {
  const now = options.now ?? Date.now;
  const { clientId, clientSecret, redirectUri } = options;
  const oauthAvailable = Boolean(clientId && clientSecret && redirectUri);
  // Every call through these clients has a person waiting on it (a lookup, a post): a 429 longer
  // than a moment answers HUBSPOT_RATE_LIMITED at once, and the web app counts down and retries.
  const clientDefaults = {
    baseUrl: options.baseUrl,
    logger: options.logger,
    now,
    maxRateLimitWaitSeconds: INTERACTIVE_MAX_RATE_LIMIT_WAIT_SECONDS,
    maxRateLimitRetries: INTERACTIVE_MAX_RATE_LIMIT_RETRIES,
  };
  const serviceToken = options.serviceToken;
  const serviceClient = serviceToken
    ? createHubSpotClient({
        ...clientDefaults,
        accessToken: serviceToken,
        onRateLimited: ({ retryInSeconds }) =>
          options.logger?.warn({ retryInSeconds }, 'HubSpot is rate-limiting us (service token)'),
      })
    : null;
  /** One client per user grant, so that the ten-minute ticket cache and token refreshes are shared by requests. */
  const userClients = new Map<string, { grantId: string; provider: HubSpotTokenProvider; client: HubSpotClient }>();

  async function readRow(db: SqlClient, userId: string): Promise<ConnectionRow | null> {
    const { rows } = await db.query<ConnectionRow>(
      `SELECT user_id, grant_id, hub_id::text AS hub_id, scopes, access_token_envelope, refresh_token_envelope, expires_at,
              connected_at, revoked_at, revoked_reason
         FROM hubspot_connections WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async function markRevoked(db: SqlClient, userId: string, grantId: string, reason: string) {
    userClients.delete(userId);
    await db.query(
      `UPDATE hubspot_connections SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND grant_id = $2 AND revoked_at IS NULL`,
      [userId, grantId, reason.slice(0, 500)],
    );
  }

  function statusOf(row: ConnectionRow | null, unreadable = false): HubSpotConnectionStatus {
    const base = {
      oauthAvailable,
      serviceTokenAvailable: Boolean(serviceClient),
      portalId: null,
      scopes: [],
      expiresAt: null,
      connectedAt: null,
    };
    if (row && (row.revoked_at || unreadable)) {
      return {
        ...base,
        state: 'EXPIRED',
        portalId: row.hub_id,
        scopes: row.scopes ?? [],
        connectedAt: row.connected_at.toISOString(),
        message: unreadable
          ? 'Your HubSpot connection can no longer be read here (the vault key changed): reconnect HubSpot.'
          : `HubSpot no longer accepts your connection${row.revoked_reason ? ` (${row.revoked_reason})` : ''}: reconnect HubSpot.`,
      };
    }
    if (row) {
      return {
        ...base,
        state: 'CONNECTED',
        portalId: row.hub_id,
        scopes: row.scopes ?? [],
        expiresAt: row.expires_at.toISOString(),
        connectedAt: row.connected_at.toISOString(),
        message: `Connected to HubSpot account ${row.hub_id ?? '(unknown)'}: ticket lookups and notes use your own access.`,
      };
    }
    if (serviceClient) {
      return {
        ...base,
        state: 'SERVICE_TOKEN',
        message: oauthAvailable
          ? "HubSpot works through the team's service token; connect your own HubSpot to act as yourself."
          : "HubSpot works through the team's service token (set by an admin).",
      };
    }
    return {
      ...base,
      state: 'NOT_CONNECTED',
      message: oauthAvailable
        ? 'Not connected: connect HubSpot to look tickets up and post findings to them.'
        : 'HubSpot is not set up on this gateway: an admin sets HUBSPOT_ACCESS_TOKEN, or HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REDIRECT_URI for per-user connections.',
    };
  }

  async function storeTokens(options: {
    db: SqlClient;
    vault: CredentialVault;
    viewer: Viewer;
    grantId: string;
    tokens: HubSpotTokenSet;
  }) {
    const { db, vault, viewer, grantId, tokens } = options;
    const key = await vault.key();
    const access = await vault.seal(tokens.accessToken, sealContext(viewer.id, grantId, 'access'));
    const refresh = await vault.seal(tokens.refreshToken, sealContext(viewer.id, grantId, 'refresh'));
    await db.query(
      `INSERT INTO hubspot_connections (user_id, user_name, grant_id, hub_id, scopes, access_token_envelope, refresh_token_envelope,
                                        key_id, expires_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
       ON CONFLICT (user_id) DO UPDATE SET
         user_name = EXCLUDED.user_name, grant_id = EXCLUDED.grant_id, hub_id = EXCLUDED.hub_id, scopes = EXCLUDED.scopes,
         access_token_envelope = EXCLUDED.access_token_envelope, refresh_token_envelope = EXCLUDED.refresh_token_envelope,
         key_id = EXCLUDED.key_id, expires_at = EXCLUDED.expires_at, connected_at = now(), refreshed_at = NULL,
         revoked_at = NULL, revoked_reason = NULL`,
      [
        viewer.id,
        viewer.name,
        grantId,
        tokens.hubId,
        JSON.stringify(tokens.scopes),
        access,
        refresh,
        key.id,
        new Date(tokens.expiresAt),
      ],
    );
  }

  /** A client that marks the grant revoked when HubSpot refuses it, so the accounts screen says so too. */
  function guarded(client: HubSpotClient, onRefused: (error: HubSpotAuthError) => Promise<void>): HubSpotClient {
    const watch = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        if (error instanceof HubSpotAuthError) {
          await onRefused(error).catch(() => {});
          throw new HubSpotAuthError(
            `HubSpot no longer accepts your connection: reconnect HubSpot (Accounts, HubSpot, Connect); nothing you ran is lost. ${error.message}`,
            error.answer,
          );
        }
        throw error;
      }
    };
    return {
      getTicket: (ticketId) => watch(() => client.getTicket(ticketId)),
      createTicketNote: (note) => watch(() => client.createTicketNote(note)),
      updateTicketProperties: (update) => watch(() => client.updateTicketProperties(update)),
    };
  }

  /** Best effort: never throws; says why when HubSpot was not told. */
  async function revokeAtHubSpot(
    vault: CredentialVault,
    userId: string,
    grant: { grant_id: string; refresh_token_envelope: string },
  ): Promise<{ revoked: true } | { revoked: false; reason: string }> {
    let refreshToken: string;
    try {
      refreshToken = await vault.open(grant.refresh_token_envelope, sealContext(userId, grant.grant_id, 'refresh'));
    } catch {
      return { revoked: false, reason: 'the stored refresh token can no longer be read: the vault key changed' };
    }
    try {
      await revokeRefreshToken({ baseUrl: options.baseUrl, refreshToken, now });
      return { revoked: true };
    } catch (error) {
      return {
        revoked: false,
        reason: (error instanceof Error ? error.message : String(error)).slice(0, 300).replace(/\.$/, ''),
      };
    }
  }

  async function status(options: { db: SqlClient; vault: CredentialVault; viewer: Viewer }): Promise<HubSpotConnectionStatus> {
    const row = await readRow(options.db, options.viewer.id);
    if (!row || row.revoked_at) return statusOf(row);
    // A grant sealed under a key the gateway no longer has is as good as gone.
    const readable = await options.vault
      .open(row.access_token_envelope, sealContext(row.user_id, row.grant_id, 'access'))
      .then(() => true)
      .catch(() => false);
    return statusOf(row, !readable);
  }

  return {
    oauthAvailable,
    serviceClient,

    runUrl(runId) {
      if (!redirectUri) return null;
      try {
        return new URL(`/history/${encodeURIComponent(runId)}`, redirectUri).toString();
      } catch {
        return null;
      }
    },

    status,

    async begin({ db, viewer, returnTo }) {
      if (!oauthAvailable || !clientId || !redirectUri) {
        throw new HubSpotNotConfiguredError(
          'Connecting your own HubSpot is not set up on this gateway: an admin sets HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REDIRECT_URI (the web app’s /accounts/hubspot/callback).',
        );
      }
      const state = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now() + OAUTH_STATE_TTL_MS);
      await db.query('DELETE FROM hubspot_oauth_states WHERE expires_at < $1', [new Date(now())]);
      await db.query('INSERT INTO hubspot_oauth_states (state_hash, user_id, return_to, expires_at) VALUES ($1, $2, $3, $4)', [
        stateHash(state),
        viewer.id,
        safeReturnTo(returnTo),
        expiresAt,
      ]);
      return {
        authorizeUrl: buildAuthorizeUrl({ clientId, redirectUri, scopes: OAUTH_SCOPES, state, appBaseUrl: options.appBaseUrl }),
        expiresAt: expiresAt.toISOString(),
      };
    },

    async complete({ db, vault, viewer, code, state, requestId }) {
      if (!oauthAvailable || !clientId || !clientSecret || !redirectUri) {
        throw new HubSpotNotConfiguredError('Connecting your own HubSpot is not set up on this gateway.');
      }
      // Single use: the row is gone whatever happens next.
      const { rows } = await db.query<{ user_id: string; return_to: string | null; expires_at: Date }>(
        'DELETE FROM hubspot_oauth_states WHERE state_hash = $1 RETURNING user_id, return_to, expires_at',
        [stateHash(state)],
      );
      const pending = rows[0];
      if (!pending || pending.user_id !== viewer.id || pending.expires_at.getTime() < now()) {
        throw new HubSpotOAuthStateError(
          'This HubSpot approval does not match a connection you started here in the last 10 minutes (the state is unknown, used, expired or another user’s). Start again from Accounts, HubSpot, Connect.',
        );
      }
      if (!code.trim()) throw new InputError('HubSpot sent no authorization code back; start the connection again.');
      const tokens = await exchangeCode({
        baseUrl: options.baseUrl,
        clientId,
        clientSecret,
        redirectUri,
        code: code.trim(),
        now,
      });
      const grantId = randomUUID();
      await storeTokens({ db, vault, viewer, grantId, tokens });
      userClients.delete(viewer.id);
      await recordAudit(db, {
        actor: viewer,
        action: 'hubspot_connected',
        requestId,
        detail: { portalId: tokens.hubId, scopes: tokens.scopes },
      });
      return { status: statusOf(await readRow(db, viewer.id)), returnTo: pending.return_to };
    },

    async disconnect({ db, vault, viewer, requestId }) {
      userClients.delete(viewer.id);
      const { rows } = await db.query<{ hub_id: string | null; grant_id: string; refresh_token_envelope: string }>(
        `DELETE FROM hubspot_connections WHERE user_id = $1
         RETURNING hub_id::text AS hub_id, grant_id, refresh_token_envelope`,
        [viewer.id],
      );
      const gone = rows[0];
      if (!gone) return { ...(await status({ db, vault, viewer })), revokedAtHubSpot: null };
      // Deleted here first, whatever HubSpot says: a user who disconnects must not stay connected.
      const revocation = await revokeAtHubSpot(vault, viewer.id, gone);
      if (!revocation.revoked) {
        options.logger?.warn(
          { userId: viewer.id, portalId: gone.hub_id, reason: revocation.reason },
          'HubSpot refresh token not revoked on disconnect (local tokens deleted)',
        );
      }
      await recordAudit(db, {
        actor: viewer,
        action: 'hubspot_disconnected',
        requestId,
        detail: { portalId: gone.hub_id ?? null, revokedAtHubSpot: revocation.revoked },
      });
      const after = await status({ db, vault, viewer });
      return {
        ...after,
        revokedAtHubSpot: revocation.revoked,
        message: revocation.revoked
          ? `Disconnected: HubSpot revoked the connection and its tokens are deleted here. ${after.message}`
          : `Disconnected here (your tokens are deleted), but HubSpot could not be told to revoke the connection (${revocation.reason}): to be sure, uninstall the app in HubSpot (Settings, Integrations, Connected apps). ${after.message}`,
      };
    },

    async accessFor({ db, vault, viewer }) {
      const row = await readRow(db, viewer.id);
      if (!row) {
        if (!serviceClient || !serviceToken) return null;
        return {
          via: 'SERVICE',
          portalId: null,
          client: serviceClient,
          withOptions: (extra) => createHubSpotClient({ ...clientDefaults, accessToken: serviceToken, ...extra }),
        };
      }
      if (row.revoked_at) {
        throw new HubSpotAuthError(
          `HubSpot no longer accepts your connection${row.revoked_reason ? ` (${row.revoked_reason.slice(0, 200)})` : ''}: reconnect HubSpot (Accounts, HubSpot, Connect); nothing you ran is lost.`,
        );
      }
      if (!clientId || !clientSecret) {
        throw new HubSpotAuthError(
          'You connected HubSpot, but the gateway no longer has its OAuth app (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET): ask an admin, or disconnect to use the service token.',
        );
      }
      let cached = userClients.get(viewer.id);
      if (!cached || cached.grantId !== row.grant_id) {
        let tokens: HubSpotTokenSet;
        try {
          tokens = {
            accessToken: await vault.open(row.access_token_envelope, sealContext(row.user_id, row.grant_id, 'access')),
            refreshToken: await vault.open(row.refresh_token_envelope, sealContext(row.user_id, row.grant_id, 'refresh')),
            expiresAt: row.expires_at.getTime(),
            hubId: row.hub_id === null ? null : Number(row.hub_id),
            scopes: row.scopes ?? [],
          };
        } catch (error) {
          if (!(error instanceof CredentialError)) throw error;
          throw new HubSpotAuthError(
            'Your HubSpot connection can no longer be read here (the vault key changed): reconnect HubSpot (Accounts, HubSpot, Connect).',
          );
        }
        const grantId = row.grant_id;
        const refused = async (error: HubSpotAuthError) => {
          await markRevoked(
            db,
            viewer.id,
            grantId,
            error.answer.category ?? error.answer.message ?? `HTTP ${error.answer.status}`,
          );
        };
        const provider = createOAuthTokenProvider({
          baseUrl: options.baseUrl,
          clientId,
          clientSecret,
          tokens,
          now,
          // HubSpot may hand out a new refresh token: keep whatever it gave, sealed.
          onTokens: async (renewed) => {
            const [access, refresh] = await Promise.all([
              vault.seal(renewed.accessToken, sealContext(viewer.id, grantId, 'access')),
              vault.seal(renewed.refreshToken, sealContext(viewer.id, grantId, 'refresh')),
            ]);
            await db.query(
              `UPDATE hubspot_connections SET access_token_envelope = $3, refresh_token_envelope = $4, expires_at = $5,
                      refreshed_at = now() WHERE user_id = $1 AND grant_id = $2`,
              [viewer.id, grantId, access, refresh, new Date(renewed.expiresAt)],
            );
          },
        });
        const client = guarded(
          createHubSpotClient({
            ...clientDefaults,
            accessToken: provider,
            onRateLimited: ({ retryInSeconds }) => options.logger?.warn({ retryInSeconds }, 'HubSpot is rate-limiting us'),
          }),
          refused,
        );
        cached = { grantId, provider, client };
        userClients.set(viewer.id, cached);
      }
      const { provider, grantId } = cached;
      return {
        via: 'USER',
        portalId: row.hub_id,
        client: cached.client,
        withOptions: (extra) =>
          guarded(createHubSpotClient({ ...clientDefaults, accessToken: provider, ...extra }), (error) =>
            markRevoked(db, viewer.id, grantId, error.answer.category ?? error.answer.message ?? `HTTP ${error.answer.status}`),
          ),
      };
    },
  };
}

/** The request's view of HubSpot: the connections service with this request's database, vault and viewer. */
export function hubspotForRequest(context: GatewayContext): {
  connections: HubSpotConnections | null;
  db: SqlClient;
  vault: CredentialVault;
  viewer: Viewer;
} {
  return {
    connections: context.services.hubspot ?? null,
    db: context.services.appDatabase,
    vault: requestSecurity(context).services.vault,
    viewer: context.viewer,
  };
}
