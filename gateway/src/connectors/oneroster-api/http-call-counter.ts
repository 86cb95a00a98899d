import { AsyncLocalStorage } from 'node:async_hooks';
import type { HttpCallEvent } from './http-transport';

/**
 * Counts the HTTP attempts made to OneRoster/ClassLink servers while a function runs, across
 * every reader, for "how many calls did this tool run make". It follows the async context,
 * so concurrent tool runs count separately. A call started by one run and shared by another
 * (an answer already in flight in the reader's cache) counts for the run that started it.
 */
const runs = new AsyncLocalStorage<HttpCallEvent[]>();

export interface CountedRun<T> {
  result: T;
  /** HTTP attempts, retries and token requests included. */
  calls: number;
  /** Every attempt, oldest first ("GET /users?filter=…"), for logs and the report. */
  events: HttpCallEvent[];
}

export async function countHttpCalls<T>(run: () => Promise<T>): Promise<CountedRun<T>> {
  const events: HttpCallEvent[] = [];
  const result = await runs.run(events, run);
  return { result, calls: events.length, events };
}

/** Called by the transport for every attempt. */
export function recordHttpCall(event: HttpCallEvent): void {
  runs.getStore()?.push(event);
}
