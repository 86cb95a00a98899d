import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths';
import { schema as builtSchema } from './testing/gateway-schema';

/**
 * The contract check: `shared/contract/diagnostics.graphql` is the old schema and the gateway
 * the new one; any breaking change (a removed or renamed type, field, argument or enum value,
 * a changed nullability) fails. Run against the committed snapshot (what clients see) and
 * against the schema the code builds right now.
 */
const CONTRACT = path.resolve(REPO_ROOT, '../shared/contract/diagnostics.graphql');
const SNAPSHOT = path.join(REPO_ROOT, 'schema', 'schema.graphql');

function breakingChanges(current: GraphQLSchema): string[] {
  const contract = buildSchema(readFileSync(CONTRACT, 'utf8'));
  return findBreakingChanges(contract, current).map((change) => `${change.type}: ${change.description}`);
}

describe.skipIf(!existsSync(CONTRACT))('diagnostics contract (shared/contract/diagnostics.graphql)', () => {
  it('holds for the schema the gateway builds', () => {
    expect(breakingChanges(builtSchema)).toEqual([]);
  });

  it('holds for the emitted snapshot schema/schema.graphql (regenerate with `npx tsx src/schema/emit.ts`)', () => {
    expect(breakingChanges(buildSchema(readFileSync(SNAPSHOT, 'utf8')))).toEqual([]);
  });

  it('would catch a breaking change (the check itself works)', () => {
    const broken = buildSchema(
      readFileSync(CONTRACT, 'utf8')
        .replace('durationMs: Int!', 'durationMs: Int')
        .replace(/\n\s*"[^"\n]*"\n\s*PHANTOM_ENROLLMENT\n/, '\n'),
    );
    const changes = breakingChanges(broken).join('\n');
    expect(changes).toContain('DiagnosticRun.durationMs changed type from Int! to Int');
    expect(changes).toContain('PHANTOM_ENROLLMENT was removed from enum type FindingKind');
  });
});
