import type { ConnectionOptions } from 'node:tls';
import { Client, FTPError } from 'basic-ftp';
import { SourceError } from '../../errors';

/** A district's FTP drop: where its SIS leaves OneRoster bundles. */
export interface FtpDropOptions {
  host: string;
  /** Default 21. */
  port?: number;
  username: string;
  /** The resolved password (never a settings reference). It never appears in errors or logs. */
  password: string;
  /** Remote folder holding the bundles. */
  path: string;
  /** Explicit FTPS (AUTH TLS on the plain port). The server's certificate is verified. */
  secure: boolean;
  /** Names the customer in errors. */
  customerId: string;
  /** Longest wait for any one answer or transfer step; default DEFAULT_FTP_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Extra TLS options for `secure`, e.g. `ca` for a server signed by a private authority. */
  tls?: Pick<ConnectionOptions, 'ca' | 'servername' | 'rejectUnauthorized'>;
  logger?: FtpLogger;
}

/** The part of a pino logger this connector uses. */
export interface FtpLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export type FtpStep = 'connect' | 'login' | 'list' | 'download';

export const DEFAULT_FTP_PORT = 21;
export const DEFAULT_FTP_TIMEOUT_MS = 30_000;

/** An open, logged-in FTP control connection. */
export interface FtpSession {
  readonly client: Client;
  readonly options: FtpDropOptions;
  /** Runs one step, turning any failure into a SourceError that names the customer, host, path and step. */
  run<T>(step: FtpStep, work: () => Promise<T>): Promise<T>;
  close(): void;
}

/** Connects (upgrading to TLS when `secure`) without logging in, so each step can be reported on its own. */
export async function connectFtp(options: FtpDropOptions): Promise<FtpSession> {
  const client = new Client(options.timeoutMs ?? DEFAULT_FTP_TIMEOUT_MS);
  const session: FtpSession = {
    client,
    options,
    run: async (step, work) => {
      try {
        return await work();
      } catch (error) {
        throw ftpFailure({ options, step, error });
      }
    },
    close: () => client.close(),
  };
  try {
    await session.run('connect', async () => {
      await client.connect(options.host, options.port ?? DEFAULT_FTP_PORT);
      if (options.secure) {
        // The host is kept in the TLS options so data connections verify the same name.
        await client.useTLS({ ...options.tls, host: options.host });
      }
    });
    return session;
  } catch (error) {
    client.close();
    throw error;
  }
}

export async function loginFtp(session: FtpSession): Promise<void> {
  const { client, options } = session;
  await session.run('login', async () => {
    // Like basic-ftp's access(): UTF-8 before login for non-ASCII credentials; some servers refuse it.
    await client.sendIgnoringError('OPTS UTF8 ON');
    await client.login(options.username, options.password);
    // Binary mode, and PBSZ/PROT P on TLS so data connections are encrypted too.
    await client.useDefaultSettings();
  });
}

/** Connects and logs in. */
export async function openFtpSession(options: FtpDropOptions): Promise<FtpSession> {
  const session = await connectFtp(options);
  try {
    await loginFtp(session);
    return session;
  } catch (error) {
    session.close();
    throw error;
  }
}

/** 530 and friends: the server's own text may say which of user or password was wrong, so it is not quoted. */
const LOGIN_REFUSED = 'the server did not accept the username and password in the customer settings';

/**
 * The single error type of this connector: which customer, host and path, which step, and
 * what the server answered (its reply code and text), never the password.
 */
export function ftpFailure(options: { options: FtpDropOptions; step: FtpStep; error: unknown }): SourceError {
  const { step, error } = options;
  const drop = options.options;
  if (error instanceof SourceError) return error;
  const port = drop.port ?? DEFAULT_FTP_PORT;
  const timeoutMs = drop.timeoutMs ?? DEFAULT_FTP_TIMEOUT_MS;
  let reason: string;
  let ftpCode: number | null = null;
  if (error instanceof FTPError) {
    ftpCode = error.code;
    reason = step === 'login' ? `${LOGIN_REFUSED} (${error.code})` : `the server answered ${error.message.trim()}`;
  } else if (step === 'login') {
    reason = `${LOGIN_REFUSED} (${describeError(error)})`;
  } else if (error instanceof Error && error.message.startsWith('Timeout')) {
    reason = `no answer within ${timeoutMs} ms`;
  } else {
    reason = describeError(error);
  }
  const message = redact(
    `FTP drop of customer "${drop.customerId}" at ${drop.host}:${port}, path ${drop.path}: ${step} failed: ${reason}`,
    drop.password,
  );
  return new SourceError(
    message,
    { customerId: drop.customerId, host: drop.host, port, path: drop.path, step, ftpCode },
    { cause: error },
  );
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error instanceof Error ? `${error.code}: ${error.message}` : error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Passwords shorter than this are not redacted: replacing "a" everywhere would garble the message, and says nothing. */
const MIN_REDACTED_PASSWORD_LENGTH = 4;

/** Belt and braces: no server or library message should echo the password, but if one does it is masked. */
function redact(message: string, password: string): string {
  return password.length >= MIN_REDACTED_PASSWORD_LENGTH ? message.replaceAll(password, '***') : message;
}
