import { CredentialsSignin, SvelteKitAuth, type SvelteKitAuthConfig } from '@auth/sveltekit';
import type { Provider } from '@auth/sveltekit/providers';
import Credentials from '@auth/sveltekit/providers/credentials';
import { env } from '$env/dynamic/private';
import { readWebConfig } from './config';
import type { Role } from './delegated-session';
import { externalSignIn, type GatewayUser, passwordSignIn, refreshUser, stepUp } from './gateway-auth';

/** Sign-in ends after this long without a request (each request slides it). */
export const SESSION_IDLE_SECONDS = 60 * 60;
/** How often a signed-in user is re-read from the gateway (role changes, disabled accounts). */
export const USER_RECHECK_SECONDS = 5 * 60;

/** An identity provider's login counts as a step-up only this soon after it happened (`auth_time`). */
export const REAUTHENTICATION_WINDOW_SECONDS = 120;

/** Who is signed in, as every page and server call sees it. Never holds a token. */
export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  /** How they signed in: a password, or the company's SSO. */
  provider: 'credentials' | 'oidc';
  /** When they signed in (Unix seconds): the gateway ends sessions older than a "sign out everywhere". */
  authAt: number | null;
  /** A step-up the gateway confirmed at sign-in (a fresh SSO login), Unix seconds. */
  stepUpAt: number | null;
}

/** `?code=` values on /signin after a failed sign-in. */
class SignInRefused extends CredentialsSignin {
  constructor(code: 'credentials' | 'rate_limited' | 'unavailable') {
    super();
    this.code = code;
  }
}

interface AppToken {
  sub?: string;
  name?: string | null;
  username?: string;
  role?: Role;
  provider?: SessionUser['provider'];
  authAt?: number;
  stepUpAt?: number | null;
  checkedAt?: number;
  [key: string]: unknown;
}

const fromGatewayUser = (user: GatewayUser) => ({
  id: user.id,
  name: user.displayName,
  username: user.username,
  role: user.role,
});

export const {
  handle: authHandle,
  signIn,
  signOut,
} = SvelteKitAuth(async (): Promise<SvelteKitAuthConfig> => {
  const config = readWebConfig();
  const providers: Provider[] = [
    Credentials({
      id: 'credentials',
      name: 'Username and password',
      credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const username = typeof credentials.username === 'string' ? credentials.username : '';
        const password = typeof credentials.password === 'string' ? credentials.password : '';
        if (!username || !password) throw new SignInRefused('credentials');
        const result = await passwordSignIn(config, { username, password });
        if (result.ok) return fromGatewayUser(result.user);
        throw new SignInRefused(
          result.reason === 'rate_limited' ? 'rate_limited' : result.reason === 'unavailable' ? 'unavailable' : 'credentials',
        );
      },
    }),
  ];
  if (config.oidc) {
    // A company's SSO: any OpenID Connect issuer with discovery. Its users map to app_users by
    // email (or preferred_username); a first sign-in creates the row with the gateway's
    // OIDC_DEFAULT_ROLE, and an admin raises the role with the CLI.
    providers.push({
      id: 'oidc',
      name: config.oidc.name,
      type: 'oidc',
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      checks: ['pkce', 'state', 'nonce'],
    });
  }
  return {
    providers,
    secret: env.AUTH_SECRET,
    trustHost: true,
    basePath: '/auth',
    pages: { signIn: '/signin', error: '/signin' },
    // A refused password is an expected outcome (the gateway audits it), not a server error.
    logger: {
      error(error: Error) {
        if (error.name !== 'CredentialsSignin' && !(error instanceof CredentialsSignin))
          console.error(`[auth] ${error.name}: ${error.message}`);
      },
      warn() {},
    },
    session: { strategy: 'jwt', maxAge: SESSION_IDLE_SECONDS, updateAge: 0 },
    jwt: { maxAge: SESSION_IDLE_SECONDS },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'oidc') return true;
        const username = String(profile?.email ?? profile?.preferred_username ?? '').trim();
        if (!username) return '/signin?error=AccessDenied&code=no_email';
        const result = await externalSignIn(config, { username, displayName: String(profile?.name ?? username) });
        if (!result.ok) return `/signin?error=AccessDenied&code=${result.reason}`;
        Object.assign(user, fromGatewayUser(result.user));
        return true;
      },
      async jwt({ token, user, account, profile }) {
        const appToken = token as AppToken;
        const now = Math.floor(Date.now() / 1000);
        if (user) {
          const signedIn = user as SessionUser;
          const provider = account?.provider === 'oidc' ? 'oidc' : 'credentials';
          let stepUpAt: number | null = null;
          // A login the identity provider performed just now (prompt=login) is a step-up for a password-less user.
          const authTime = Number(profile?.auth_time ?? 0);
          if (provider === 'oidc' && authTime && now - authTime <= REAUTHENTICATION_WINDOW_SECONDS) {
            const confirmed = await stepUp(config, { id: signedIn.id, reauthenticated: true });
            if (confirmed.ok) stepUpAt = confirmed.stepUpAt;
          }
          return {
            ...appToken,
            sub: signedIn.id,
            name: signedIn.name,
            username: signedIn.username,
            role: signedIn.role,
            provider,
            authAt: now,
            stepUpAt,
            checkedAt: now,
          };
        }
        if (appToken.sub && now - (appToken.checkedAt ?? 0) > USER_RECHECK_SECONDS) {
          const current = await refreshUser(config, appToken.sub);
          if (current.ok) return { ...appToken, ...fromGatewayUser(current.user), sub: current.user.id, checkedAt: now };
          // Disabled or deleted: the session ends now. A gateway outage keeps it until the next check.
          if (current.reason !== 'unavailable') return null;
        }
        return token;
      },
      session({ session, token }) {
        const appToken = token as AppToken;
        const user: SessionUser = {
          id: appToken.sub ?? '',
          username: appToken.username ?? '',
          name: appToken.name ?? appToken.username ?? '',
          role: appToken.role ?? 'viewer',
          provider: appToken.provider ?? 'credentials',
          authAt: appToken.authAt ?? null,
          stepUpAt: appToken.stepUpAt ?? null,
        };
        return { ...session, user: user as unknown as typeof session.user };
      },
    },
  };
});
