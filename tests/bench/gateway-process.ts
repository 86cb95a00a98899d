import { type ChildProcess, fork } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GATEWAY_NODE_FLAGS } from './bench-config';
import type { ChildReply, ChildRequest, ChildSettings, ChildStats } from './gateway-protocol';

export interface GraphQLAnswer<Data = Record<string, unknown>> {
  /** Wall time of the HTTP round trip, as a client sees it. */
  ms: number;
  status: number;
  data?: Data | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface GatewayProcess {
  pid: number;
  url: string;
  /** Sends one operation over HTTP with the bench's API token. */
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<Data>>;
  resetCounters(): Promise<ChildStats>;
  stats(): Promise<ChildStats>;
  /** The next request re-reads the source (bundle parsed again): a cold run. */
  dropSourceCache(): Promise<void>;
  /** Runs a full collection in the child (it runs with --expose-gc). */
  gc(): Promise<ChildStats>;
  /** Peak resident memory of the process since start or the last resetPeak (VmHWM), in bytes. */
  peakRss(): Promise<number>;
  /** Resets VmHWM to the current RSS (Linux: writing 5 to /proc/<pid>/clear_refs). */
  resetPeak(): Promise<boolean>;
  stop(): Promise<void>;
}

const CHILD_SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'gateway-child.ts');

/** Starts the gateway in a child process and waits until it listens. */
export async function startGatewayProcess(options: {
  settings: ChildSettings;
  cpuProfDir?: string;
  /** Node flags for the gateway process besides GATEWAY_NODE_FLAGS. */
  nodeOptions?: readonly string[];
}): Promise<GatewayProcess> {
  const execArgv = ['--import', 'tsx', '--expose-gc', ...GATEWAY_NODE_FLAGS, ...(options.nodeOptions ?? [])];
  if (options.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  const child: ChildProcess = fork(CHILD_SCRIPT, [JSON.stringify(options.settings)], {
    execArgv,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: ChildReply) => void>();
  let exited: Error | null = null;
  const ready = new Promise<Extract<ChildReply, { type: 'ready' }>>((resolve, reject) => {
    pending.set(0, (reply) => (reply.type === 'ready' ? resolve(reply) : reject(new Error('unexpected first message'))));
    child.once('exit', (code, signal) => {
      exited = new Error(`The gateway process exited (code ${code}, signal ${signal}).`);
      reject(exited);
      for (const waiter of pending.values()) waiter({ id: -1, type: 'ok' });
    });
  });
  child.on('message', (reply: ChildReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    waiter?.(reply);
  });
  const { url, token } = await ready;
  const pid = child.pid as number;

  let nextId = 1;
  const request = (type: ChildRequest['type']): Promise<ChildReply> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      child.send({ id, type } satisfies ChildRequest);
    });
  };
  const statsOf = async (type: ChildRequest['type']) => {
    const reply = await request(type);
    if (reply.type !== 'stats') throw exited ?? new Error(`The gateway process did not answer ${type}.`);
    return reply.stats;
  };

  return {
    pid,
    url,
    async graphql(query, variables) {
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: never; errors?: GraphQLAnswer['errors'] };
      return { ms: performance.now() - started, status: response.status, ...body };
    },
    resetCounters: () => statsOf('reset-counters'),
    stats: () => statsOf('stats'),
    gc: () => statsOf('gc'),
    async dropSourceCache() {
      await request('drop-source-cache');
    },
    async peakRss() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : Number.NaN;
    },
    async resetPeak() {
      try {
        await writeFile(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await request('stop');
      await Promise.race([gone, new Promise<void>((resolve) => setTimeout(resolve, 10_000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
