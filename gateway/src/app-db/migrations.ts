import type { SqlClient } from '../db/sql-client';

/**
 * The tool's own schema, as ordered, append-only migrations. Never edit a released one:
 * add the next version.
 */
export const APP_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'users, api tokens, runs, audit log',
    sql: `
      CREATE TABLE app_users (
        id            bigserial PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        display_name  text NOT NULL,
        role          text NOT NULL CHECK (role IN ('admin', 'support', 'viewer')),
        password_hash text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        disabled_at   timestamptz
      );
      CREATE TABLE api_tokens (
        id           bigserial PRIMARY KEY,
        name         text NOT NULL,
        role         text NOT NULL CHECK (role IN ('admin', 'support', 'viewer')),
        token_hash   text NOT NULL UNIQUE,
        token_hint   text NOT NULL,
        created_by   text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at   timestamptz
      );
      CREATE TABLE diagnostic_runs (
        id             bigserial PRIMARY KEY,
        tool           text NOT NULL,
        status         text NOT NULL,
        summary        text NOT NULL,
        district_id    text NOT NULL,
        environment    text NOT NULL,
        input          jsonb NOT NULL,
        findings       jsonb NOT NULL,
        remediation    jsonb NOT NULL,
        evidence       jsonb,
        finding_counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        ticket_id      text,
        actor          text NOT NULL,
        duration_ms    integer NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX diagnostic_runs_created ON diagnostic_runs (created_at DESC);
      CREATE INDEX diagnostic_runs_district ON diagnostic_runs (district_id, created_at DESC);
      CREATE TABLE audit_log (
        id          bigserial PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        actor       text NOT NULL,
        action      text NOT NULL,
        environment text,
        district_id text,
        detail      jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX audit_log_at ON audit_log (at DESC);
    `,
  },
  {
    version: 2,
    name: 'run history for tools and comparisons, saved comparisons',
    sql: `
      -- Comparisons are runs too: they have no verdict, and may not name a district.
      ALTER TABLE diagnostic_runs
        ALTER COLUMN status DROP NOT NULL,
        ALTER COLUMN district_id DROP NOT NULL,
        ALTER COLUMN environment DROP NOT NULL,
        ADD COLUMN kind text NOT NULL DEFAULT 'tool' CHECK (kind IN ('tool', 'compare')),
        ADD COLUMN actor_id text,
        ADD COLUMN actor_kind text,
        ADD COLUMN finding_total integer NOT NULL DEFAULT 0,
        ADD COLUMN candidates jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN details jsonb;
      CREATE INDEX diagnostic_runs_tool ON diagnostic_runs (tool, created_at DESC);
      CREATE INDEX diagnostic_runs_status ON diagnostic_runs (status, created_at DESC);
      CREATE INDEX diagnostic_runs_actor ON diagnostic_runs (actor_id, created_at DESC);
      CREATE TABLE saved_comparisons (
        id          bigserial PRIMARY KEY,
        name        text NOT NULL,
        description text,
        document    text NOT NULL,
        variables   jsonb NOT NULL DEFAULT '{}'::jsonb,
        left_path   text NOT NULL,
        right_path  text NOT NULL,
        key_field   text NOT NULL,
        fields      jsonb NOT NULL,
        owner_id    text NOT NULL,
        owner_name  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX saved_comparisons_name ON saved_comparisons (lower(name));
    `,
  },
  {
    version: 3,
    name: 'security: append-only audit log, step-up and TOTP, sign-out everywhere, credential vault',
    sql: `
      ALTER TABLE audit_log
        ADD COLUMN actor_kind  text,
        ADD COLUMN actor_name  text,
        ADD COLUMN request_id  text,
        ADD COLUMN duration_ms integer,
        ADD COLUMN record_count integer;
      CREATE INDEX audit_log_actor ON audit_log (actor, at DESC);
      CREATE INDEX audit_log_action ON audit_log (action, at DESC);
      CREATE INDEX audit_log_district ON audit_log (district_id, at DESC);
      -- Append-only from the application's point of view: rows are inserted, never changed.
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$;
      CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

      ALTER TABLE app_users
        -- TOTP secrets are vault envelopes (AES-256-GCM), never plain text.
        ADD COLUMN totp_secret          text,
        ADD COLUMN totp_pending_secret  text,
        ADD COLUMN totp_enabled_at      timestamptz,
        ADD COLUMN totp_last_step       bigint,
        ADD COLUMN last_step_up_at      timestamptz,
        -- Delegated sessions whose sign-in (authAt) is older than this are refused.
        ADD COLUMN sessions_valid_after timestamptz;

      CREATE TABLE credentials (
        id                bigserial PRIMARY KEY,
        name              text NOT NULL UNIQUE,
        kind              text NOT NULL CHECK (kind IN ('database_url', 'api_secret', 'hubspot_token', 'password', 'other')),
        description       text,
        secret_envelope   text NOT NULL,
        key_id            text NOT NULL,
        last4             text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        created_by        text NOT NULL,
        updated_at        timestamptz NOT NULL DEFAULT now(),
        updated_by        text NOT NULL,
        last_tested_at    timestamptz,
        last_test_ok      boolean,
        last_test_message text
      );
    `,
  },
  {
    version: 4,
    name: 'HubSpot: per-user OAuth connections, pending authorizations, notes posted from runs',
    sql: `
      -- One HubSpot grant per user (the viewer id: user:12, token:3). Tokens are vault envelopes
      -- (AES-256-GCM) bound to the user and grant, never plain text.
      CREATE TABLE hubspot_connections (
        user_id                text PRIMARY KEY,
        user_name              text NOT NULL,
        grant_id               text NOT NULL,
        hub_id                 bigint,
        scopes                 jsonb NOT NULL DEFAULT '[]'::jsonb,
        access_token_envelope  text NOT NULL,
        refresh_token_envelope text NOT NULL,
        key_id                 text NOT NULL,
        expires_at             timestamptz NOT NULL,
        connected_at           timestamptz NOT NULL DEFAULT now(),
        refreshed_at           timestamptz,
        -- Set when HubSpot refused the grant (401, refused refresh): the user must reconnect.
        revoked_at             timestamptz,
        revoked_reason         text
      );
      -- The OAuth state of a connection being made: single use, short-lived, bound to its user.
      CREATE TABLE hubspot_oauth_states (
        state_hash  text PRIMARY KEY,
        user_id     text NOT NULL,
        return_to   text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL
      );
      CREATE INDEX hubspot_oauth_states_expires ON hubspot_oauth_states (expires_at);
      -- ticket_id (v1) is the ticket a run was started from; these record the note posted from it.
      ALTER TABLE diagnostic_runs
        ADD COLUMN IF NOT EXISTS hubspot_ticket_id      text,
        ADD COLUMN IF NOT EXISTS hubspot_note_id        text,
        ADD COLUMN IF NOT EXISTS hubspot_note_posted_at timestamptz,
        ADD COLUMN IF NOT EXISTS hubspot_note_posted_by text;
    `,
  },
  {
    version: 5,
    name: 'uploaded OneRoster bundles per district (source uploads)',
    sql: `
      -- One row per accepted upload; the file lives under <data dir>/uploads/<district id>/.
      -- The current upload of a district is the one neither replaced nor removed (at most one).
      CREATE TABLE source_uploads (
        id               bigserial PRIMARY KEY,
        district_id      text NOT NULL,
        customer_id      text NOT NULL,
        file_name        text NOT NULL,
        stored_path      text NOT NULL,
        size_bytes       bigint NOT NULL,
        sha256           text NOT NULL,
        oneroster_version text NOT NULL,
        record_counts    jsonb NOT NULL DEFAULT '{}'::jsonb,
        warning_count    integer NOT NULL DEFAULT 0,
        uploaded_by      text NOT NULL,
        uploaded_by_name text,
        uploaded_at      timestamptz NOT NULL DEFAULT now(),
        replaced_at      timestamptz,
        removed_at       timestamptz,
        removed_by       text,
        removed_by_name  text
      );
      CREATE INDEX source_uploads_district ON source_uploads (district_id, uploaded_at DESC);
      CREATE UNIQUE INDEX source_uploads_current ON source_uploads (district_id)
        WHERE replaced_at IS NULL AND removed_at IS NULL;
    `,
  },
];

// Any constant shared by every instance: two gateway tasks starting together take turns.
const MIGRATION_LOCK_KEY = 4_242_001;

/**
 * Applies the migrations not yet applied, each in its own transaction under an advisory lock
 * (several gateway containers may start at once). Returns the versions this call applied.
 */
export async function migrateAppDatabase(
  database: SqlClient & { transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> },
): Promise<number[]> {
  await database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS app_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const done: number[] = [];
  for (const migration of APP_MIGRATIONS) {
    const applied = await database.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const { rows } = await tx.query('SELECT 1 FROM app_migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO app_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (applied) done.push(migration.version);
  }
  return done;
}
