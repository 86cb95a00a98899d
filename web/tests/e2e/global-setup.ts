import { type ChildProcess, spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { WEB_DIR } from './constants';
import type { StackInfo } from './serve-stack';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

let child: ChildProcess | null = null;

/** Starts serve-stack.ts once for the suite and hands its addresses and seed facts to the tests. */
export async function setup(project: TestProject) {
  // Node with tsx's loader directly (not npx): the child is the stack itself, so SIGTERM reaches it.
  child = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/serve-stack.ts'], {
    cwd: WEB_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<StackInfo>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('The e2e stack did not start within 5 minutes.')), 300_000);
    child?.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('STACK_READY '));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice('STACK_READY '.length)) as StackInfo);
      }
    });
    child?.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The e2e stack exited (${code}) before it was ready.`));
    });
  });
  project.provide('stack', info);
}

export async function teardown() {
  if (!child) return;
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
    clearTimeout(timer);
  }
  // Let vitest exit: nothing may keep reading the child's output.
  child.stdout?.destroy();
  child.unref();
  child = null;
}
