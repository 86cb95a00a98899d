import { describe, expect, it } from 'vitest';
import { ticketSummary } from './ticket-summary';

describe('ticket summary for the clipboard', () => {
  it('states the verdict, who acts, the findings with their ids, the next steps and the link', () => {
    const text = ticketSummary({
      toolTitle: 'Student Mismatch Resolver',
      district: { id: '1001', name: 'Lakeside ISD', sisProvider: 'oneroster' },
      link: 'https://cdt.example/history/42',
      run: {
        id: '42',
        status: 'ISSUE_IN_SOURCE',
        summary: 'The SIS links parent@x.org to Ben Ode.',
        environment: 'PRODUCTION',
        createdAt: '2026-01-02T10:00:00.000Z',
        findings: [
          {
            kind: 'PARENT_LINK_NOT_IN_BOOKMARKED',
            system: 'BOOKMARKED',
            sourcedIds: ['par-1', 'stu-2'],
            message: 'Link missing.',
          },
        ],
        remediation: ['District SIS admin: remove Ben Ode from parent par-1.'],
      },
    });
    expect(text).toBe(`Student Mismatch Resolver: Issue exists in source data (OneRoster)
District: Lakeside ISD (#1001), Production
Checked: 2026-01-02 10:00:00 UTC

The SIS links parent@x.org to Ben Ode.
The district's OneRoster data is wrong. The district's SIS admin has to correct it; the nightly sync then carries the fix into Bookmarked.

Findings (1):
- Parent link missing in Bookmarked (Bookmarked; Bookmarked support): Link missing. [par-1, stu-2]

Next steps:
1. District SIS admin: remove Ben Ode from parent par-1.

Run: https://cdt.example/history/42
`);
  });

  it('counts findings beyond the first ten', () => {
    const findings = Array.from({ length: 12 }, (_, i) => ({
      kind: 'FIELD_MISMATCH',
      system: 'BOOKMARKED' as const,
      sourcedIds: [`s${i}`],
      message: `m${i}`,
    }));
    const text = ticketSummary({
      toolTitle: 'Report',
      district: null,
      run: { id: '1', status: 'ISSUE_IN_BOOKMARKED', summary: 's', findings, findingTotal: 30, remediation: [] },
    });
    expect(text).toContain('Findings (30):');
    expect(text).toContain('- …and 20 more (see the run).');
    expect(text).not.toContain('m10');
  });
});
