import { describe, expect, it } from 'vitest';
import { countBars, filterFindings, findingsCsv, reportFileName } from './report';

const findings = [
  {
    kind: 'STUDENT_NOT_IN_BOOKMARKED',
    system: 'BOOKMARKED' as const,
    message: 'Ana Lopez is missing',
    sourcedIds: ['stu-1'],
    remediation: 'Re-run the sync.',
  },
  {
    kind: 'ENROLLMENT_NOT_IN_SOURCE',
    system: 'SOURCE' as const,
    message: 'Ben has no class',
    sourcedIds: ['stu-2'],
    remediation: '=HYPERLINK("x")',
  },
  {
    kind: 'STUDENT_NOT_IN_BOOKMARKED',
    system: 'BOOKMARKED' as const,
    message: 'Cy is missing',
    sourcedIds: ['stu-3'],
    remediation: null,
  },
];

describe('district report helpers', () => {
  it('filters by kind, system and text (message or sourcedId)', () => {
    expect(filterFindings(findings, { kind: 'STUDENT_NOT_IN_BOOKMARKED', system: null, text: '' })).toHaveLength(2);
    expect(filterFindings(findings, { kind: null, system: 'SOURCE', text: '' }).map((f) => f.sourcedIds[0])).toEqual(['stu-2']);
    expect(filterFindings(findings, { kind: null, system: null, text: 'STU-3' }).map((f) => f.message)).toEqual([
      'Cy is missing',
    ]);
  });

  it('orders counts largest first with their share of the largest', () => {
    expect(
      countBars([
        { kind: 'FIELD_MISMATCH', count: 5 },
        { kind: 'IMPORT_REJECTED', count: 10 },
        { kind: 'TEACHER_MISMATCH', count: 0 },
      ]),
    ).toEqual([
      { kind: 'IMPORT_REJECTED', count: 10, label: 'Import rejected by the sync', share: 1 },
      { kind: 'FIELD_MISMATCH', count: 5, label: 'Fields differ', share: 0.5 },
    ]);
  });

  it('exports CSV with formulas neutralised, and names the file after the district and day', () => {
    const csv = findingsCsv(findings);
    expect(csv.split('\r\n')[0]).toBe('kind,kind_label,system,message,sourced_ids,remediation');
    expect(csv).toContain(`ENROLLMENT_NOT_IN_SOURCE,No enrollment in the SIS,SOURCE,Ben has no class,stu-2,"'=HYPERLINK(""x"")"`);
    expect(reportFileName({ districtId: '1001', environment: 'PRODUCTION', createdAt: '2026-03-04T05:06:07Z' })).toBe(
      'data-quality-1001-production-2026-03-04.csv',
    );
  });
});
