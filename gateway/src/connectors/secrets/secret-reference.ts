/**
 * Secret references: how settings name a secret without holding it. Three forms:
 * - `env:NAME` — the environment variable NAME;
 * - `aws-sm:SECRET_ID#json_key` — AWS Secrets Manager secret SECRET_ID (a name or an ARN),
 *   its SecretString parsed as JSON and `json_key` picked; without `#json_key`, the whole
 *   SecretString;
 * - `vault:NAME` — the credential NAME in the gateway's credential vault (entered by an
 *   admin in the web app, sealed in the tool's own database).
 */

/** A secret reference as written in a settings file. */
export type SecretReference = `env:${string}` | `aws-sm:${string}` | `vault:${string}`;

export type ParsedSecretReference =
  | { kind: 'env'; name: string }
  | { kind: 'aws-sm'; secretId: string; jsonKey: string | null }
  | { kind: 'vault'; name: string };

/** The accepted forms, for error messages. */
export const SECRET_REFERENCE_FORMS = 'env:NAME, aws-sm:SECRET_ID#json_key or vault:NAME';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Secrets Manager names allow letters, digits and /_+=.@-; ARNs add ':'. '#' is never part of
// an id, so the first '#' starts the JSON key.
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]+$/;
// As the vault names credentials (security/credentials.ts): lowercase, as they are stored.
const VAULT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Parses a reference; null when the value is not one of the three forms. */
export function parseSecretReference(value: string): ParsedSecretReference | null {
  if (value.startsWith('env:')) {
    const name = value.slice('env:'.length);
    return ENV_NAME.test(name) ? { kind: 'env', name } : null;
  }
  if (value.startsWith('aws-sm:')) {
    const rest = value.slice('aws-sm:'.length);
    const hash = rest.indexOf('#');
    const secretId = hash === -1 ? rest : rest.slice(0, hash);
    const jsonKey = hash === -1 ? null : rest.slice(hash + 1);
    if (!SECRET_ID.test(secretId) || jsonKey === '') return null;
    return { kind: 'aws-sm', secretId, jsonKey };
  }
  if (value.startsWith('vault:')) {
    const name = value.slice('vault:'.length);
    return VAULT_NAME.test(name) ? { kind: 'vault', name } : null;
  }
  return null;
}

export function isSecretReference(value: string): value is SecretReference {
  return parseSecretReference(value) !== null;
}

/** What an error message may say about a reference: its name, never a value. */
export function describeSecretReference(reference: ParsedSecretReference): string {
  if (reference.kind === 'env') return `environment variable ${reference.name}`;
  if (reference.kind === 'vault') return `vault credential "${reference.name}"`;
  const key = reference.jsonKey === null ? '' : ` (JSON key "${reference.jsonKey}")`;
  return `AWS Secrets Manager secret "${reference.secretId}"${key}`;
}

/** How an error's details name a reference: its form and name (an aws-sm JSON key left out). */
export function formatSecretReference(reference: ParsedSecretReference): string {
  if (reference.kind === 'env') return `env:${reference.name}`;
  if (reference.kind === 'vault') return `vault:${reference.name}`;
  return `aws-sm:${reference.secretId}`;
}
