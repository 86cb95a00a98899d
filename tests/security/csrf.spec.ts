import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, WEB_BUILD_TIMEOUT_MS, WEB_ROUTES } from './support/web-build';

/**
 * CSRF on every form action of the web app: a POST of a form without the app's own Origin is
 * refused with 403 before any action or hook runs (SvelteKit's origin check). Runs against the
 * built app; the spec builds it when no build is newer than web/src (support/web-build.ts), so
 * it runs everywhere, CI included, and never skips.
 *
 * The actions are read from the sources: every `+page.server.ts` exporting `actions`, and each
 * action's name in it (`default` is the route itself, a named one `?/name`). A same-origin POST
 * of each is the control: it must get past the origin check, which proves the 403s come from
 * the check and not from a route that refuses every POST.
 */

interface FormAction {
  /** URL path of the page ([param] → x, (group) dropped). */
  route: string;
  name: string;
  /** What a form posts to. */
  url: string;
}

/** Top-level keys of the `actions` object (biome formats them at two spaces' indent). */
function actionNames(source: string): string[] {
  const start = source.indexOf('export const actions');
  if (start === -1) return [];
  const names: string[] = [];
  for (const line of source.slice(start).split('\n').slice(1)) {
    if (/^}\)?;/.test(line)) break;
    const match = /^ {2}(?:async\s+)?([A-Za-z_$][\w$]*)\s*[:(]/.exec(line);
    if (match?.[1]) names.push(match[1]);
  }
  return names;
}

function formActions(): FormAction[] {
  const found: FormAction[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name === '+page.server.ts') {
        const segments = path
          .relative(WEB_ROUTES, dir)
          .split(path.sep)
          .filter((segment) => segment && !/^\(.*\)$/.test(segment))
          .map((segment) => (/^\[.*\]$/.test(segment) ? 'x' : segment));
        const route = `/${segments.join('/')}`;
        for (const action of actionNames(readFileSync(file, 'utf8'))) {
          found.push({ route, name: action, url: action === 'default' ? route : `${route}?/${action}` });
        }
      }
    }
  };
  walk(WEB_ROUTES);
  return found.sort((a, b) => a.url.localeCompare(b.url));
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

const CSRF_REFUSAL = /Cross-site POST form submissions are forbidden/;

describe('CSRF on the web app’s form actions (built app)', () => {
  let child: ChildProcess;
  let origin: string;

  beforeAll(async () => {
    const build = await ensureWebBuild((line) => console.log(line));
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [build], {
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
  }, WEB_BUILD_TIMEOUT_MS + 30_000);

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  const actions = formActions();

  it('finds every form action, named ones included', () => {
    const urls = actions.map((action) => action.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/signin',
        '/signout',
        '/accounts?/test',
        '/accounts?/signOutEverywhere',
        '/account/security?/beginTotp',
        '/account/security?/signOutEverywhere',
        '/admin/tokens?/create',
        '/admin/tokens?/revoke',
        '/admin/users?/role',
        '/admin/credentials?/save',
      ]),
    );
    // Every +page.server.ts that exports actions contributed at least one.
    expect(new Set(actions.map((action) => action.route)).size).toBeGreaterThanOrEqual(8);
  });

  it.each(actions.map((action) => [action.url]))('%s refuses a form POST without Origin, or from another origin', async (url) => {
    const bodies: [string, BodyInit][] = [
      ['application/x-www-form-urlencoded', 'customerId=x&id=1&name=x&role=ADMIN'],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="id"\r\n\r\n1\r\n--b--\r\n'],
      ['text/plain', 'id=1'],
    ];
    const origins: Record<string, string>[] = [{}, { origin: 'https://evil.example' }, { origin: 'null' }];
    for (const headers of origins) {
      for (const [type, body] of bodies) {
        const response = await fetch(`${origin}${url}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': type },
          body,
          redirect: 'manual',
        });
        expect(response.status, `${url} ${type} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.text()).toMatch(CSRF_REFUSAL);
      }
    }
  });

  it.each(actions.map((action) => [action.url]))('%s lets the same form through from the app’s own origin', async (url) => {
    const response = await fetch(`${origin}${url}`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id=1',
      redirect: 'manual',
    });
    // Without a session the app sends the browser to sign in (or the action itself answers):
    // anything but the origin check's refusal.
    const text = await response.text();
    expect(CSRF_REFUSAL.test(text), `${url}: ${response.status} ${text.slice(0, 200)}`).toBe(false);
  });
});
