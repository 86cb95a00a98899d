import path from 'node:path';
import { z } from 'zod';
import { InputError } from './errors';
import { DATA_DIR, REPO_ROOT } from './paths';

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
  .optional()
  .or(z.literal('').transform(() => undefined));

const environmentSchema = z.object({
  BOOKMARKED_STAGING_DATABASE_URL: postgresUrl,
  BOOKMARKED_PRODUCTION_DATABASE_URL: postgresUrl,
  CUSTOMER_SETTINGS_DIR: z.string().trim().optional(),
  APP_DATABASE_URL: postgresUrl,
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  GATEWAY_HOST: z.string().trim().default('127.0.0.1'),
  HUBSPOT_API_BASE_URL: z.string().trim().url().default('https://api.hubapi.com'),
  HUBSPOT_ACCESS_TOKEN: z.string().trim().optional(),
  HUBSPOT_CLIENT_ID: z.string().trim().optional(),
  HUBSPOT_CLIENT_SECRET: z.string().trim().optional(),
  HUBSPOT_REDIRECT_URI: z
    .string()
    .trim()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  HUBSPOT_APP_BASE_URL: z.string().trim().url().default('https://app.hubspot.com'),
  BOOKMARKED_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  SOURCE_UPLOAD_MAX_BYTES: z.coerce.number().int().positive().optional(),
  AWS_REGION: z.string().trim().optional(),
  AWS_SECRETS_MANAGER_ENDPOINT: z.string().trim().url().optional(),
  WEB_SESSION_SECRET: z.string().trim().optional(),
  OIDC_DEFAULT_ROLE: z.enum(['admin', 'support', 'viewer']).optional(),
});

export interface GatewayConfig {
  bookmarked: { staging?: string; production?: string; statementTimeoutMs?: number };
  settingsDir: string;
  appDatabaseUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  hubspot: {
    baseUrl: string;
    accessToken?: string;
    clientId?: string;
    clientSecret?: string;
    /** The web app's `/accounts/hubspot/callback`; its origin is also the web app's address in notes' run links. */
    redirectUri?: string;
    /** Where users grant access (https://app.hubspot.com; the local HubSpot in the demo). */
    appBaseUrl?: string;
  };
  aws: { region?: string; secretsManagerEndpoint?: string };
  /** Uploaded OneRoster bundles: the largest accepted (SOURCE_UPLOAD_MAX_BYTES, default 200 MB); stored under `<dataDir>/uploads`. */
  uploads?: { maxBytes?: number };
  /** Shared with the web server: it signs sign-in calls and the sessions it acts for with it. */
  web: { sessionSecret?: string; oidcDefaultRole?: 'admin' | 'support' | 'viewer' };
}

/** Reads the configuration from the environment; a bad value names the variable. Never echoes values. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `Configuration: ${String(issue?.path[0] ?? 'environment')} is invalid (${issue?.message ?? 'bad value'}).`,
    );
  }
  const e = parsed.data;
  return {
    bookmarked: {
      staging: e.BOOKMARKED_STAGING_DATABASE_URL,
      production: e.BOOKMARKED_PRODUCTION_DATABASE_URL,
      statementTimeoutMs: e.BOOKMARKED_STATEMENT_TIMEOUT_MS,
    },
    settingsDir: path.resolve(REPO_ROOT, e.CUSTOMER_SETTINGS_DIR || 'customer-integration-settings'),
    appDatabaseUrl: e.APP_DATABASE_URL,
    dataDir: DATA_DIR,
    port: e.GATEWAY_PORT,
    host: e.GATEWAY_HOST,
    hubspot: {
      baseUrl: e.HUBSPOT_API_BASE_URL,
      accessToken: e.HUBSPOT_ACCESS_TOKEN || undefined,
      clientId: e.HUBSPOT_CLIENT_ID || undefined,
      clientSecret: e.HUBSPOT_CLIENT_SECRET || undefined,
      redirectUri: e.HUBSPOT_REDIRECT_URI || undefined,
      appBaseUrl: e.HUBSPOT_APP_BASE_URL,
    },
    aws: { region: e.AWS_REGION, secretsManagerEndpoint: e.AWS_SECRETS_MANAGER_ENDPOINT },
    uploads: { maxBytes: e.SOURCE_UPLOAD_MAX_BYTES },
    web: { sessionSecret: e.WEB_SESSION_SECRET || undefined, oidcDefaultRole: e.OIDC_DEFAULT_ROLE },
  };
}

/** `npm start` runs the embedded demo when no Bookmarked database is configured. */
export const isDemoConfig = (config: GatewayConfig) => !config.bookmarked.staging && !config.bookmarked.production;
