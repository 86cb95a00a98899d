import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sessionTokenFromHeader, verifyDelegatedSession } from '@cdt/gateway/auth/delegated-session';
import { createUser } from '@cdt/gateway/auth/users';
import { useWebAuth } from '@cdt/gateway/plugins/use-web-auth';
import { DEMO_DISTRICTS } from '@cdt/gateway/seed/demo-districts';
import { type GatewayHarness, startGatewayHarness } from '@cdt/gateway/testing/gateway-harness';
import { createSchema, createYoga } from 'graphql-yoga';
import { PASSWORD, USERS, WEB_DIR } from './constants';

/**
 * The whole product for end-to-end tests: the gateway on a real PostgreSQL test database
 * seeded by the generator (gateway/src/testing/gateway-harness.ts), served on a port, the
 * built web app (adapter-node) in front of it, and one user of each role.
 */

export { PASSWORD, USERS, WEB_DIR };

export interface Stack {
  webUrl: string;
  gatewayUrl: string;
  harness: GatewayHarness;
  /** How the gateway trusts the web app here: its own wiring, or this file's bridge until app.ts has it. */
  trust: 'gateway' | 'bridge';
  stop(): Promise<void>;
}

/** The demo's customers with SIS data (faults planted) and some picker-only districts. */
export const STACK_DISTRICTS = DEMO_DISTRICTS.filter((spec) => spec.source !== 'none' || /^(Lake|Spring)/.test(spec.name)).slice(0, 14);

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return (server.address() as AddressInfo).port;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const body = chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? '/', origin), { method: req.method, headers, body });
}

async function send(res: ServerResponse, response: Response) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Serves the harness's gateway over HTTP. When the gateway itself does not serve /auth/* and
 * `Authorization: Session` yet (the lead wires them into app.ts), the bridge does: the same
 * plugin for /auth/*, and a verified session mapped to an API token of the same role.
 */
async function serveGateway(harness: GatewayHarness, secret: string): Promise<{ url: string; trust: Stack['trust']; server: Server }> {
  const probe = await harness.fetch('/auth/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const trust: Stack['trust'] = probe.status === 403 || probe.status === 503 ? 'gateway' : 'bridge';
  const authRoutes = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    plugins: [useWebAuth({ db: harness.services.appDatabase, secret, externalDefaultRole: 'viewer' })],
  });
  const server = createServer((req, res) => {
    void (async () => {
      const request = await toRequest(req, 'http://gateway.test');
      const url = new URL(request.url);
      if (trust === 'bridge' && url.pathname.startsWith('/auth/')) return send(res, await authRoutes.fetch(request));
      const headers = new Headers(request.headers);
      if (trust === 'bridge') {
        const token = sessionTokenFromHeader(headers.get('authorization'));
        const viewer = token ? verifyDelegatedSession({ token, secret }) : null;
        if (viewer) headers.set('authorization', `Bearer ${harness.tokens[viewer.role]}`);
        else if (token) headers.delete('authorization');
      }
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return send(res, await harness.fetch(`${url.pathname}${url.search}`, { method: request.method, headers, body }));
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/graphql`, trust, server };
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`The web app exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The web app did not answer at ${url} within ${timeoutMs} ms:\n${output()}`);
}

export const E2E_DIR = path.join(WEB_DIR, '.e2e');
export const E2E_BUILD = path.join(E2E_DIR, 'build');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app into web/.e2e/build when it is missing or older than src/. Never into
 * build/: replacing that under a running server (`npm start`) would kill it.
 */
export async function ensureBuilt(log: (line: string) => void = () => {}) {
  const handler = path.join(E2E_BUILD, 'handler.js');
  const sources = Math.max(newestMtime(path.join(WEB_DIR, 'src')), statSync(path.join(WEB_DIR, 'svelte.config.js')).mtimeMs);
  if (existsSync(handler) && statSync(handler).mtimeMs > sources) return;
  log('Building the web app for the end-to-end tests (web/.e2e/build)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: WEB_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, WEB_BUILD_OUT: E2E_BUILD },
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code})`))));
  });
}

export async function startStack(options: { webPort?: number; log?: (line: string) => void } = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const secret = randomBytes(32).toString('base64url');
  await ensureBuilt(log);
  log('Seeding the gateway harness (PostgreSQL test database, generated districts)…');
  const harness = await startGatewayHarness({ specs: STACK_DISTRICTS });
  const children: ChildProcess[] = [];
  try {
    for (const user of Object.values(USERS)) {
      await createUser({ db: harness.services.appDatabase, username: user.username, password: PASSWORD, role: user.role, displayName: user.name });
    }
    const gateway = await serveGateway(harness, secret);
    log(`Gateway on ${gateway.url} (web trust: ${gateway.trust}).`);
    const port = options.webPort ?? (await freePort());
    const webUrl = `http://127.0.0.1:${port}`;
    let output = '';
    const child = spawn(process.execPath, [E2E_BUILD], {
      cwd: WEB_DIR,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORIGIN: webUrl,
        GATEWAY_URL: gateway.url,
        WEB_SESSION_SECRET: secret,
        AUTH_SECRET: randomBytes(32).toString('base64url'),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    await waitFor(`${webUrl}/signin`, child, () => output);
    log(`Web app on ${webUrl}.`);
    return {
      webUrl,
      gatewayUrl: gateway.url,
      harness,
      trust: gateway.trust,
      async stop() {
        for (const c of children) c.kill('SIGTERM');
        await new Promise((resolve) => gateway.server.close(resolve));
        await harness.close();
      },
    };
  } catch (error) {
    for (const c of children) c.kill('SIGTERM');
    await harness.close();
    throw error;
  }
}
