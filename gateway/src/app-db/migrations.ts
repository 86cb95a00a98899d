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
];

/** Applies the migrations not yet applied, each in its own transaction. Returns the versions applied. */
export async function migrateAppDatabase(
  database: SqlClient & { transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> },
): Promise<number[]> {
  const client = database;
  await client.query(`CREATE TABLE IF NOT EXISTS app_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await client.query<{ version: number }>('SELECT version FROM app_migrations');
  const applied = new Set(rows.map((row) => Number(row.version)));
  const done: number[] = [];
  for (const migration of APP_MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await database.transaction(async (tx) => {
      await tx.query(migration.sql);
      await tx.query('INSERT INTO app_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    });
    done.push(migration.version);
  }
  return done;
}
