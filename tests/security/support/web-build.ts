import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built web app (adapter-node) for specs that need the real server, e.g. CSRF on every
 * form action. A build newer than web/src is reused: web/build (`npm run build`, `npm start`),
 * then web/.e2e/build (the browser tests'); otherwise the app is built into
 * web/.e2e/security-build. Never into build/ or .e2e/build: replacing either under a running
 * server (`npm start`, a browser test run) would break it.
 */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_DIR = path.join(REPO, 'web');
export const WEB_ROUTES = path.join(WEB_DIR, 'src', 'routes');
const OWN_BUILD = path.join(WEB_DIR, '.e2e', 'security-build');
const REUSABLE = [path.join(WEB_DIR, 'build'), path.join(WEB_DIR, '.e2e', 'build'), OWN_BUILD];
/** A cold build takes about 20 s on two cores; leave room for a busy machine. */
export const WEB_BUILD_TIMEOUT_MS = 240_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The folder of a build at least as new as the web app's sources, or null. */
export function freshWebBuild(): string | null {
  const sources = Math.max(newestMtime(path.join(WEB_DIR, 'src')), statSync(path.join(WEB_DIR, 'svelte.config.js')).mtimeMs);
  for (const dir of REUSABLE) {
    // handler.js is written last by adapter-node: a half-written build has none yet.
    const handler = path.join(dir, 'handler.js');
    if (existsSync(handler) && existsSync(path.join(dir, 'index.js')) && statSync(handler).mtimeMs > sources) return dir;
  }
  return null;
}

/** A fresh build's folder (its index.js starts the server), building one when there is none. */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<string> {
  const fresh = freshWebBuild();
  if (fresh) return fresh;
  log(`Building the web app into ${path.relative(REPO, OWN_BUILD)} (no build newer than web/src)…`);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: WEB_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WEB_BUILD_OUT: OWN_BUILD, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), WEB_BUILD_TIMEOUT_MS);
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`vite build of the web app failed (${signal ?? code}):\n${output.slice(-4000)}`));
    });
  });
  return OWN_BUILD;
}
