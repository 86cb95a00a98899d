/** Messages between the bench and its gateway child process (gateway-child.ts). */

export interface ChildSettings {
  /** The district's Bookmarked database (both environments point at it). */
  databaseUrl: string;
  appDatabaseUrl: string;
  settingsDir: string;
  dataDir: string;
}

export interface ChildStats {
  /** Bookmarked data statements since the last reset (BEGIN/COMMIT excluded). */
  statements: number;
  /** Source reader calls since the last reset, per method. */
  sourceReads: Record<string, number>;
  heapUsed: number;
  rss: number;
}

export type ChildRequest =
  | { id: number; type: 'reset-counters' }
  | { id: number; type: 'stats' }
  | { id: number; type: 'drop-source-cache' }
  | { id: number; type: 'gc' }
  | { id: number; type: 'stop' };

export type ChildReply =
  | { id: number; type: 'ready'; url: string; token: string }
  | { id: number; type: 'stats'; stats: ChildStats }
  | { id: number; type: 'ok' };
