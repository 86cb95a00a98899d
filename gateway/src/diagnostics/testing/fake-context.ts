import type { BookmarkedDatabase } from '../../connectors/bookmarked/database';
import type { GatewayContext, GatewayServices, Viewer } from '../../context';
import type { DistrictRecord, RosterReader } from '../../domain/roster';
import { createRosterLoaders } from '../../loaders/roster-loaders';
import type { RosterView } from '../../services/roster-views';

/**
 * A request context over in-memory readers, for running tools in-process in specs: the
 * Bookmarked "database" only answers the district lookup, and the app database is a list
 * of inserted rows (or fails, to check that a history failure loses no answer).
 */
export const FAKE_DISTRICT: DistrictRecord = { id: '4242', name: 'Lakeside ISD', state: 'TX', sisProvider: 'oneroster' };

export interface FakeAppDatabase {
  inserts: { sql: string; params: unknown[] }[];
  fail: boolean;
}

export function fakeContext(options: { readers: { source: RosterReader; bookmarked: RosterReader }; viewer?: Viewer }): {
  context: GatewayContext;
  appDatabase: FakeAppDatabase;
  /** How many views each system was asked for (one per request means shared DataLoaders). */
  views: Record<string, number>;
} {
  const appDatabase: FakeAppDatabase = { inserts: [], fail: false };
  const bookmarked: BookmarkedDatabase = {
    environment: 'staging',
    async read(work) {
      return work(async <Row>(sql: string, params?: unknown[]) => {
        if (sql.includes('FROM bookmarked.districts') && params?.[0] === FAKE_DISTRICT.id) {
          return [
            {
              id: FAKE_DISTRICT.id,
              name: FAKE_DISTRICT.name,
              state: FAKE_DISTRICT.state,
              sis_provider: FAKE_DISTRICT.sisProvider,
            },
          ] as Row[];
        }
        return [] as Row[];
      });
    },
    onStatement: () => () => {},
    close: async () => {},
  };
  const services = {
    bookmarked: { staging: bookmarked, production: null },
    appDatabase: {
      description: 'fake',
      async query<Row>(sql: string, params: unknown[] = []) {
        if (appDatabase.fail) throw new Error('connection refused');
        appDatabase.inserts.push({ sql, params });
        return { rows: [{ id: String(appDatabase.inserts.length), created_at: '2026-09-01T10:00:00.000Z' }] as Row[] };
      },
      transaction: async () => {
        throw new Error('not used');
      },
      close: async () => {},
    },
    settings: { byDistrictId: async () => null },
  } as unknown as GatewayServices;
  const views: Record<string, number> = {};
  const cache = new Map<string, RosterView>();
  const context: GatewayContext = {
    requestId: 'test-request',
    viewer: options.viewer ?? { kind: 'token', id: '7', name: 'spec-runner', role: 'support' },
    services,
    rosters: {
      async view({ district, environment, system }) {
        const key = `${system}:${environment}:${district.id}`;
        views[key] = (views[key] ?? 0) + 1;
        let view = cache.get(key);
        if (!view) {
          const reader = system === 'SOURCE' ? options.readers.source : options.readers.bookmarked;
          view = { system, environment, district, reader, loaders: createRosterLoaders(reader) };
          cache.set(key, view);
        }
        return view;
      },
    },
  };
  return { context, appDatabase, views };
}
