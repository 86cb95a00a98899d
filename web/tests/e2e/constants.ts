import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the e2e suite and its stack share, without loading the gateway. */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PASSWORD = 'correct horse battery staple';
export const USERS = {
  support: { username: 'sam.support', name: 'Sam Support', role: 'support' },
  viewer: { username: 'vic.viewer', name: 'Vic Viewer', role: 'viewer' },
  admin: { username: 'ada.admin', name: 'Ada Admin', role: 'admin' },
} as const;
