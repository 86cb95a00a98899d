import path from 'node:path';

// Everything the tool keeps on local disk, under one data directory (.data/ by default).
export const appDataDir = (dataDir: string) => path.join(dataDir, 'app');
export const sourceCacheDir = (dataDir: string) => path.join(dataDir, 'source-cache');
export const uploadsDir = (dataDir: string) => path.join(dataDir, 'uploads');
export const demoDir = (dataDir: string) => path.join(dataDir, 'demo');
