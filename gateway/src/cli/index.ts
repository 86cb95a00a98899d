import { parseArgs } from 'node:util';
import { openAppDatabase } from '../app-db/app-database';
import { listApiTokens } from '../auth/api-tokens';
import { readConfig } from '../config';
import { AppError } from '../errors';
import { createAuditedToken, revokeAuditedToken } from '../security/user-admin';
import { appDataDir } from '../services/data-dirs';
import { runSecurityCommand, SECURITY_USAGE } from './security-commands';
import { runUserCommand, USER_OPTIONS, USER_USAGE } from './user-commands';

const USAGE = `Usage: npm run cli -- <command>

  token create --name NAME --role admin|support|viewer   create an API token (printed as the last line)
  token list                                             list tokens (never the tokens themselves)
  token revoke --id ID                                   revoke a token
${USER_USAGE}
${SECURITY_USAGE}`;

// Token changes made from the command line are audited like any other.
const CLI_ACTOR = { id: 'cli', name: 'cli', kind: 'cli' } as const;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean' },
      ...USER_OPTIONS,
    },
  });
  const [group, command] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  const config = readConfig();
  const db = await openAppDatabase({ url: config.appDatabaseUrl, dataDir: appDataDir(config.dataDir) });
  try {
    if (group === 'token' && command === 'create') {
      const created = await createAuditedToken({ db, actor: CLI_ACTOR, name: values.name ?? '', role: values.role ?? '' });
      console.log(`Created ${created.role} token #${created.id} "${values.name}". It is shown once; store it now:`);
      console.log(created.token);
      return 0;
    }
    if (group === 'token' && command === 'list') {
      for (const token of await listApiTokens({ db })) {
        console.log(
          `#${token.id}\t${token.role}\t${token.name}\t…${token.token_hint}\t${token.revoked_at ? `revoked ${token.revoked_at}` : 'active'}`,
        );
      }
      return 0;
    }
    if (group === 'token' && command === 'revoke') {
      if (!values.id) throw new CliUsageError('token revoke needs --id');
      const revoked = await revokeAuditedToken({ db, actor: CLI_ACTOR, id: values.id });
      console.log(revoked ? `Revoked token #${values.id}.` : `No active token #${values.id}.`);
      return 0;
    }
    if (group === 'user') return await runUserCommand({ db, command, values });
    if (group === 'vault') return await runSecurityCommand({ db, command });
    throw new CliUsageError(`Unknown command "${positionals.join(' ')}".`);
  } finally {
    await db.close();
  }
}

class CliUsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AppError || error instanceof CliUsageError) {
      console.error(`Error: ${error.message}`);
      if (error instanceof CliUsageError) console.error(USAGE);
    } else {
      console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  },
);
