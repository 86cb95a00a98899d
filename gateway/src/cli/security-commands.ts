import type { AppDatabase } from '../app-db/app-database';
import { CredentialError, InputError } from '../errors';
import { generateVaultKey, loadVaultKey, parseVaultKey } from '../security/credential-vault';
import { rotateVaultKey } from '../security/credentials';

/**
 * `npm run cli -- vault …`: the credential vault's key. Keys come from the environment, never
 * from arguments (arguments show up in `ps` and shell history).
 */
export const SECURITY_USAGE = `  vault generate-key                                     print a new random vault key (base64, 32 bytes)
  vault status                                           which key sealed how many credentials and TOTP secrets
  vault rotate                                           re-seal everything from CREDENTIAL_VAULT_KEY (or _REF) to
                                                         CREDENTIAL_VAULT_NEW_KEY, in one transaction; then make the
                                                         new key CREDENTIAL_VAULT_KEY and restart the gateway`;

export interface SecurityCommandOptions {
  db: AppDatabase;
  /** The word after `vault`. */
  command: string | undefined;
  env?: Record<string, string | undefined>;
  print?: (line: string) => void;
}

/** Runs one `vault` command; returns the exit code. Bad input throws InputError (the CLI prints it). */
export async function runSecurityCommand(options: SecurityCommandOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  switch (options.command) {
    case 'generate-key':
      print('A new vault key. Keep it in a secret store, set it as CREDENTIAL_VAULT_KEY; it is not saved anywhere:');
      print(generateVaultKey());
      return 0;
    case 'status': {
      const current = await loadVaultKey({ env });
      print(
        current
          ? `Configured key: ${current.id}`
          : 'No vault key is configured (CREDENTIAL_VAULT_KEY / CREDENTIAL_VAULT_KEY_REF).',
      );
      const { rows } = await options.db.query<{ what: string; key_id: string | null; count: string }>(
        `SELECT 'credentials' AS what, key_id, count(*)::text AS count FROM credentials GROUP BY key_id
         UNION ALL
         SELECT 'totp secrets', split_part(totp_secret, '.', 2), count(*)::text FROM app_users WHERE totp_secret IS NOT NULL
          GROUP BY split_part(totp_secret, '.', 2)
         ORDER BY 1, 2`,
      );
      if (!rows.length) print('Nothing is sealed yet.');
      for (const row of rows) print(`${row.what}\tkey ${row.key_id}\t${row.count}`);
      return 0;
    }
    case 'rotate': {
      const oldKey = await loadVaultKey({ env });
      if (!oldKey)
        throw new InputError('vault rotate needs the current key in CREDENTIAL_VAULT_KEY (or CREDENTIAL_VAULT_KEY_REF).');
      const newText = env.CREDENTIAL_VAULT_NEW_KEY;
      if (!newText)
        throw new InputError('vault rotate needs the new key in CREDENTIAL_VAULT_NEW_KEY (`vault generate-key` prints one).');
      const newKey = parseVaultKey(newText, 'CREDENTIAL_VAULT_NEW_KEY');
      if (newKey.id === oldKey.id) throw new InputError('CREDENTIAL_VAULT_NEW_KEY is the current key: nothing to rotate.');
      try {
        const done = await rotateVaultKey({
          db: options.db,
          oldKey,
          newKey,
          actor: { id: 'cli', name: 'vault rotate', kind: 'cli' },
        });
        print(
          `Re-sealed ${done.credentials} credentials and ${done.totpSecrets} TOTP secrets from key ${oldKey.id} to key ${newKey.id}.`,
        );
        print('Now set CREDENTIAL_VAULT_KEY to the new key (and remove CREDENTIAL_VAULT_NEW_KEY), then restart the gateway.');
        return 0;
      } catch (error) {
        // Nothing was changed: the rotation is one transaction.
        if (error instanceof CredentialError) throw new InputError(`Rotation stopped, nothing changed: ${error.message}`);
        throw error;
      }
    }
    default:
      throw new InputError(`Unknown vault command "${options.command ?? ''}": expected generate-key, status or rotate.`);
  }
}
