import type { ParseArgsConfig } from 'node:util';
import { createUser, listUsers, setPassword, setUserDisabled } from '../auth/users';
import type { SqlClient } from '../db/sql-client';
import { InputError } from '../errors';

/** `npm run cli -- user ...`: people who sign in to the web app (API tokens are `token ...`). */
export const USER_USAGE = `  user create --username U --password P --role admin|support|viewer [--name "Display Name"]
                                                         create a web app user (password: at least 10 characters)
  user list                                              list users and their roles
  user set-password --username U --password P            replace a user's password
  user disable --username U | user enable --username U   stop (or restore) a user's access`;

/** Options the `user` commands read; merge into the CLI's parseArgs options. */
export const USER_OPTIONS = {
  username: { type: 'string' },
  password: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export interface UserCommandOptions {
  db: SqlClient;
  /** The word after `user`. */
  command: string | undefined;
  values: { username?: string; password?: string; role?: string; name?: string };
  print?: (line: string) => void;
}

/** Runs one `user` command; returns the exit code. Bad input throws InputError (the CLI prints it). */
export async function runUserCommand(options: UserCommandOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const { values } = options;
  const need = (name: 'username' | 'password' | 'role', command: string) => {
    const value = values[name];
    if (!value) throw new InputError(`user ${command} needs --${name}.`);
    return value;
  };
  switch (options.command) {
    case 'create': {
      const user = await createUser({
        db: options.db,
        username: need('username', 'create'),
        password: need('password', 'create'),
        role: need('role', 'create'),
        displayName: values.name,
      });
      print(
        `Created ${user.role} user #${user.id} "${user.username}" (${user.displayName}). They can sign in to the web app now.`,
      );
      return 0;
    }
    case 'list': {
      for (const user of await listUsers({ db: options.db })) {
        print(`#${user.id}\t${user.role}\t${user.username}\t${user.displayName}\t${user.disabled ? 'disabled' : 'active'}`);
      }
      return 0;
    }
    case 'set-password': {
      const username = need('username', 'set-password');
      const changed = await setPassword({ db: options.db, username, password: need('password', 'set-password') });
      print(changed ? `Changed the password of "${username}".` : `No user "${username}".`);
      return changed ? 0 : 1;
    }
    case 'disable':
    case 'enable': {
      const username = need('username', options.command);
      const changed = await setUserDisabled({ db: options.db, username, disabled: options.command === 'disable' });
      print(changed ? `${options.command === 'disable' ? 'Disabled' : 'Enabled'} "${username}".` : `No user "${username}".`);
      return changed ? 0 : 1;
    }
    default:
      throw new InputError(
        `Unknown command "user ${options.command ?? ''}": expected create, list, set-password, disable or enable.`,
      );
  }
}
