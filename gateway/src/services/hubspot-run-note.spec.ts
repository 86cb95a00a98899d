import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './hubspot-connections';
import { checkTicketProperties } from './hubspot-notes';
import { NOTE_MAX_FINDINGS, renderRunNote } from './hubspot-run-note';

const RUN = {
  id: '42',
  toolTitle: 'Student Mismatch Resolver',
  status: 'ISSUE_IN_SOURCE' as const,
  summary: 'Parent <script>alert(1)</script> is linked to Ava & Leo.',
  districtId: '101',
  districtName: 'Lakeside ISD',
  environment: 'staging',
  findings: [
    {
      kind: 'PHANTOM_PARENT_LINK' as const,
      system: 'BOOKMARKED' as const,
      sourcedIds: ['par-1', 'stu-2'],
      message: 'Bookmarked links "Rosa" to Ava.',
      fixedBy: 'BOOKMARKED_SUPPORT' as const,
    },
  ],
  findingTotal: 1,
  remediation: ['Bookmarked support: remove the link.'],
  createdAt: '2026-05-02T10:00:00.123Z',
  actorName: 'Dana Support',
  runUrl: 'https://cdt.example.org/history/42',
};

describe('renderRunNote', () => {
  it('writes status, district, findings, steps and the link to the run, every value escaped', () => {
    const html = renderRunNote(RUN);
    expect(html).toContain('<h3>Student Mismatch Resolver: issue in the district&#39;s SIS</h3>');
    expect(html).toContain('<p><strong>District:</strong> Lakeside ISD (#101), Staging</p>');
    expect(html).toContain('Parent &lt;script&gt;alert(1)&lt;/script&gt; is linked to Ava &amp; Leo.');
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      '<li><strong>Phantom parent link</strong> (Bookmarked; fixed by Bookmarked support): Bookmarked links &quot;Rosa&quot; to Ava. [par-1, stu-2]</li>',
    );
    expect(html).toContain('<ol><li>Bookmarked support: remove the link.</li></ol>');
    expect(html).toContain(
      '<a href="https://cdt.example.org/history/42">Run #42 in Customer Data Tools</a>, checked 2026-05-02 10:00:00 UTC by Dana Support.',
    );
  });

  it('lists the first findings and counts the rest', () => {
    const findings = Array.from({ length: 40 }, (_, i) => ({ ...RUN.findings[0]!, message: `finding ${i}` }));
    const html = renderRunNote({ ...RUN, findings, findingTotal: 300 });
    expect(html.match(/<li><strong>/g)).toHaveLength(NOTE_MAX_FINDINGS);
    expect(html).toContain(`…and ${300 - NOTE_MAX_FINDINGS} more (see the run).`);
  });

  it('links only to http(s) pages', () => {
    const html = renderRunNote({ ...RUN, runUrl: 'javascript:alert(1)' });
    expect(html).not.toContain('<a ');
    expect(html).toContain('Run #42 in Customer Data Tools, checked');
  });
});

describe('inputs of the HubSpot mutations', () => {
  it('keeps returnTo a path in the web app', () => {
    expect(safeReturnTo('/history/12')).toBe('/history/12');
    for (const bad of ['https://evil.test/', '//evil.test', '/\\evil.test', 'history/12', '', null, `/${'x'.repeat(600)}`]) {
      expect(safeReturnTo(bad)).toBeNull();
    }
  });

  it('accepts HubSpot property names and refuses others', () => {
    expect(checkTicketProperties([{ name: 'hs_pipeline_stage', value: '3' }])).toEqual({ hs_pipeline_stage: '3' });
    expect(() => checkTicketProperties([{ name: 'Bad Name', value: 'x' }])).toThrow(/not a HubSpot property name/);
    expect(() => checkTicketProperties(Array.from({ length: 21 }, (_, i) => ({ name: `p${i}`, value: '' })))).toThrow(
      /at most 20/,
    );
  });
});
