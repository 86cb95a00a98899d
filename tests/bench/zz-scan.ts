import { readFile } from 'node:fs/promises';
import { createBookmarkedRosterReader } from '@cdt/gateway/connectors/bookmarked/bookmarked-roster-reader';
import { createBookmarkedDatabase } from '@cdt/gateway/connectors/bookmarked/database';
const district = JSON.parse(await readFile('/work/main/.bench/districts/200k/district.json', 'utf8'));
const database = createBookmarkedDatabase({ environment: 'production', connectionString: district.databaseUrl, statementTimeoutMs: 120_000 });
const reader = createBookmarkedRosterReader({ database, districtId: String(district.marker.spec.districtId) });
let n = 0; let pages = 0;
for await (const page of reader.scan.enrollments()) { n += page.length; if (++pages >= 30) break; }
console.log(n, process.memoryUsage().heapUsed / 1e6 | 0);
await database.close();
