/**
 * Spec helpers: a test OneRoster server holding the CSV specs' sample district, and readers of
 * every kind pointed at it. Not imported by production code.
 */

import {
  type OneRosterServerOptions,
  type OneRosterTestServer,
  rosterFromCsvFiles,
  startOneRosterServer,
} from '../../testing/oneroster-server';
import { sampleDistrict11 } from '../oneroster-csv/test-bundles';
import type { RestRosterReader } from './rest-roster-reader';
import type { ReaderTuning } from './source-readers';
import { createClassLinkRosterReader, createOneRosterApiRosterReader } from './source-readers';

export const CUSTOMER_ID = 'lakeside-isd';
export const CLIENT = { clientId: 'lakeside-app', clientSecret: 'lakeside-secret-9f2c1e' };
export const PROXY = { appId: 'app-4242', token: 'proxy-token-77ab90cd' };

/** A sleep that records what it was asked and waits for nothing, so backoff specs take milliseconds. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

export function startSampleServer(overrides: Partial<OneRosterServerOptions> = {}): Promise<OneRosterTestServer> {
  return startOneRosterServer({
    roster: rosterFromCsvFiles(sampleDistrict11()),
    clients: [CLIENT],
    proxyTokens: { [PROXY.appId]: PROXY.token },
    ...overrides,
  });
}

export type ReaderKind = 'rest-1.1-oauth1' | 'rest-1.1-oauth2' | 'rest-1.2-oauth2' | 'classlink-direct' | 'classlink-proxy';

export const READER_KINDS: readonly ReaderKind[] = [
  'rest-1.1-oauth1',
  'rest-1.1-oauth2',
  'rest-1.2-oauth2',
  'classlink-direct',
  'classlink-proxy',
];

export function readerFor(server: OneRosterTestServer, kind: ReaderKind, tuning: ReaderTuning = {}): RestRosterReader {
  const common = { customerId: CUSTOMER_ID, ...tuning };
  switch (kind) {
    case 'rest-1.1-oauth1':
      return createOneRosterApiRosterReader({ ...common, apiUrl: server.baseUrl11, version: '1.1', auth: 'oauth1', ...CLIENT });
    case 'rest-1.1-oauth2':
      return createOneRosterApiRosterReader({
        ...common,
        apiUrl: server.baseUrl11,
        version: '1.1',
        auth: 'oauth2',
        tokenUrl: server.tokenUrl,
        ...CLIENT,
      });
    case 'rest-1.2-oauth2':
      return createOneRosterApiRosterReader({
        ...common,
        apiUrl: server.baseUrl12,
        version: '1.2',
        auth: 'oauth2',
        tokenUrl: server.tokenUrl,
        ...CLIENT,
      });
    case 'classlink-direct':
      return createClassLinkRosterReader({ ...common, mode: 'direct', apiUrl: server.baseUrl11, ...CLIENT });
    case 'classlink-proxy':
      return createClassLinkRosterReader({
        ...common,
        mode: 'proxy',
        apiUrl: server.proxyBaseUrl(PROXY.appId),
        clientSecret: PROXY.token,
      });
  }
}
