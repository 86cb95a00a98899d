import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * CSRF on every form action of the web app: a POST of a form without the app's own Origin is
 * refused with 403 before any action or hook runs (SvelteKit's origin check). Runs against the
 * built app (web/build, `npm run build -w @cdt/web`); skipped when there is no build, as in CI,
 * where `npm test` does not build — the web app's own browser tests build it elsewhere.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = path.join(REPO, 'web', 'build', 'index.js');
const ROUTES = path.join(REPO, 'web', 'src', 'routes');

/** URL paths of every route whose +page.server.ts exports form actions ([param] → x, (group) dropped). */
function formActionPaths(): string[] {
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name === '+page.server.ts' && /export const actions/.test(readFileSync(file, 'utf8'))) {
        const segments = path
          .relative(ROUTES, dir)
          .split(path.sep)
          .filter((segment) => segment && !/^\(.*\)$/.test(segment))
          .map((segment) => (/^\[.*\]$/.test(segment) ? 'x' : segment));
        paths.push(`/${segments.join('/')}`);
      }
    }
  };
  walk(ROUTES);
  return paths.sort();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe.skipIf(!existsSync(BUILD))('CSRF on the web app’s form actions (built app)', () => {
  let child: ChildProcess;
  let origin: string;

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [BUILD], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORIGIN: origin,
        AUTH_SECRET: 'csrf-spec-auth-secret-csrf-spec-auth-secret',
        WEB_SESSION_SECRET: 'csrf-spec-web-session-secret-0123456789',
        GATEWAY_URL: 'http://127.0.0.1:9/graphql',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the web app did not start in 20 s')), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the web app exited with ${code}`)));
    });
  }, 30_000);

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  const paths = formActionPaths();

  it('finds the form actions', () => {
    expect(paths).toEqual(expect.arrayContaining(['/signin', '/signout']));
  });

  it.each(paths)('%s refuses a form POST without Origin, or from another origin', async (route) => {
    const bodies: [string, BodyInit][] = [
      ['application/x-www-form-urlencoded', 'customerId=x&id=1'],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="id"\r\n\r\n1\r\n--b--\r\n'],
      ['text/plain', 'id=1'],
    ];
    const origins: Record<string, string>[] = [{}, { origin: 'https://evil.example' }, { origin: 'null' }];
    for (const headers of origins) {
      for (const [type, body] of bodies) {
        const response = await fetch(`${origin}${route}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': type },
          body,
          redirect: 'manual',
        });
        expect(response.status, `${route} ${type} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.text()).toMatch(/Cross-site POST form submissions are forbidden/);
      }
    }
  });
});
