import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is gateway/src/paths.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Embedded databases, caches and uploads live here when nothing else is configured. */
export const DATA_DIR = path.join(REPO_ROOT, '.data');
