import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../paths';
import { printSchemaSdl } from './print-schema';

// Writes the committed SDL snapshot; `schema.spec.ts` fails when it is stale.
const target = path.join(REPO_ROOT, 'schema', 'schema.graphql');
writeFileSync(target, printSchemaSdl());
console.log(`Wrote ${path.relative(REPO_ROOT, target)}`);
