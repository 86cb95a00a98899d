import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type EnumTypeDefinitionNode, type InputObjectTypeDefinitionNode, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createCatalogOracle } from './catalog-oracle';
import { DEMO_DISTRICTS } from './demo-districts';
import { FINDING_KINDS, type GeneratedDistrict, systemOfKind, type ToolName } from './district-model';
import { generateDistrict } from './generate-district';

/** The contract when this checkout sits beside shared/, else the gateway's emitted schema (which must contain it). */
const CONTRACT_CANDIDATES = ['../../../../shared/contract/diagnostics.graphql', '../../../schema/schema.graphql'].map(
  (relative) => fileURLToPath(new URL(relative, import.meta.url)),
);
const contractPath = CONTRACT_CANDIDATES.find((path) => existsSync(path));
const contract = contractPath ? parse(readFileSync(contractPath, 'utf8')) : null;

function contractEnum(name: string): string[] {
  const node = contract?.definitions.find(
    (definition): definition is EnumTypeDefinitionNode =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === name,
  );
  return node?.values?.map((value) => value.name.value) ?? [];
}

function contractInputFields(name: string): string[] {
  const node = contract?.definitions.find(
    (definition): definition is InputObjectTypeDefinitionNode =>
      definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && definition.name.value === name,
  );
  return node?.fields?.map((field) => field.name.value) ?? [];
}

const INPUT_TYPE: Record<ToolName, string> = {
  studentSearch: 'StudentSearchInput',
  studentMismatch: 'StudentMismatchInput',
  missingData: 'MissingDataInput',
  parentEmailConflicts: 'ParentEmailConflictsInput',
  campusTransfer: 'CampusTransferInput',
};

const catalogSpecs = DEMO_DISTRICTS.filter((spec) => spec.faults === 'catalog');
const districts: GeneratedDistrict[] = catalogSpecs.map((spec) => generateDistrict(spec));
const [lakeside] = districts as [GeneratedDistrict];

describe.runIf(contract)('the fault catalogue against the contract', () => {
  it('plants at least one fault of every FindingKind in diagnostics.graphql', () => {
    const contractKinds = contractEnum('FindingKind');
    expect(contractKinds.length).toBeGreaterThanOrEqual(17);
    expect([...FINDING_KINDS].sort()).toEqual([...contractKinds].sort());
    for (const district of districts) {
      const planted = new Set(district.plantedFaults.map((fault) => fault.kind));
      expect(contractKinds.filter((kind) => !planted.has(kind as never))).toEqual([]);
      const expected = new Set(district.plantedFaults.flatMap((fault) => fault.expectedKinds));
      expect(contractKinds.filter((kind) => !expected.has(kind as never))).toEqual([]);
    }
  });

  it("uses the contract's input field names (without districtId, environment, ticketId) and statuses", () => {
    const statuses = new Set(contractEnum('DiagnosticStatus'));
    const calls = [...lakeside.plantedFaults, ...lakeside.cleanControls, ...lakeside.ambiguous];
    for (const call of calls) {
      const allowed = contractInputFields(INPUT_TYPE[call.tool]).filter(
        (field) => !['districtId', 'environment', 'ticketId'].includes(field),
      );
      expect(allowed.length).toBeGreaterThan(0);
      expect(Object.keys(call.input).filter((key) => !allowed.includes(key))).toEqual([]);
    }
    for (const fault of lakeside.plantedFaults) expect(statuses.has(fault.expectedStatus)).toBe(true);
  });
});

describe('the fault catalogue', () => {
  it('gives every tool several faults, clean controls and INCONCLUSIVE inputs, with unique ids', () => {
    for (const district of districts) {
      for (const tool of Object.keys(INPUT_TYPE) as ToolName[]) {
        expect(district.plantedFaults.filter((fault) => fault.tool === tool).length).toBeGreaterThanOrEqual(4);
      }
      expect(new Set(district.cleanControls.map((control) => control.tool)).size).toBe(5);
      expect(district.ambiguous.length).toBeGreaterThanOrEqual(5);
      const ids = [...district.plantedFaults, ...district.cleanControls, ...district.ambiguous].map((entry) => entry.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('states expectations that follow the status precedence (Student Mismatch aside) and name their records', () => {
    for (const fault of lakeside.plantedFaults) {
      expect(fault.expectedKinds).toContain(fault.kind);
      expect(fault.sourcedIds.length).toBeGreaterThan(0);
      expect(fault.description.length).toBeGreaterThan(20);
      if (fault.tool === 'studentMismatch') continue;
      const precedence = fault.expectedKinds.some((kind) => systemOfKind(kind) === 'SOURCE')
        ? 'ISSUE_IN_SOURCE'
        : 'ISSUE_IN_BOOKMARKED';
      expect(fault.expectedStatus, fault.id).toBe(precedence);
    }
    const inSsCase = lakeside.plantedFaults.find((fault) => fault.id === 'studentMismatch.sisAssignsStudentToSharedEmail');
    expect(inSsCase?.expectedStatus).toBe('ISSUE_IN_SOURCE');
    const cascade = lakeside.plantedFaults.find((fault) => fault.id === 'missingData.studentNotInBookmarked');
    expect(cascade?.expectedKinds.filter((kind) => kind === 'ENROLLMENT_NOT_IN_BOOKMARKED').length).toBe(6);
  });

  it('agrees with a reference reading of the rule book, under either pairing reading of Student Search', () => {
    for (const district of districts) {
      const oracle = createCatalogOracle(district);
      for (const fault of district.plantedFaults) {
        for (const pairing of ['twin-lookup', 'matched-only'] as const) {
          const answer = oracle(fault, { pairing });
          expect({ id: fault.id, status: answer.status, kinds: answer.kinds }).toEqual({
            id: fault.id,
            status: fault.expectedStatus,
            kinds: [...fault.expectedKinds].sort(),
          });
        }
      }
      for (const control of district.cleanControls)
        expect({ id: control.id, ...oracle(control) }).toEqual({ id: control.id, status: 'NO_ISSUE', kinds: [] });
      for (const entry of district.ambiguous)
        expect({ id: entry.id, status: oracle(entry).status }).toEqual({ id: entry.id, status: 'INCONCLUSIVE' });
    }
  });

  it('counts every kind the report can give in the district report of a catalogue district', () => {
    for (const district of districts) {
      const zero = FINDING_KINDS.filter((kind) => district.expectedReportCounts[kind] === 0);
      expect(zero).toEqual(['TRANSFER_NOT_IN_SOURCE']);
    }
  });

  it('keeps invitation-joined parents inside planted faults', () => {
    const invited = lakeside.bookmarked.users.filter((row) => row.sourcedId === null);
    expect(invited.length).toBe(2);
    const inviteEmails = new Set(invited.map((row) => row.email?.toLowerCase()));
    const faultEmails = lakeside.plantedFaults.flatMap((fault) =>
      'parentEmail' in fault.input ? [fault.input.parentEmail.toLowerCase()] : [],
    );
    for (const email of inviteEmails) expect(faultEmails).toContain(email);
  });
});
