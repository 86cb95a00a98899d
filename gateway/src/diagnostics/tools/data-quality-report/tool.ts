import { describeCounts, FINDING_KINDS, statusFromFindings, systemOfKind } from '../../findings';
import { noIssueStep } from '../../remediation';
import { defineTool } from '../../tool';
import { type ReconcileResult, reconcileDistrict } from './reconcile';
import { reportSteps } from './remediation';

export const dataQualityReportTool = defineTool({
  name: 'dataQualityReport',
  title: 'Data Quality Report',
  description:
    'The whole district reconciled at once: every student, class, enrollment, parent link and campus membership compared, with counts per finding kind and ClassLink-style sanity counts.',
  icon: 'clipboard-check',
  inputTypeName: 'DataQualityReportInput',
  input: {},
  // Whole-district scans, not GraphQL objects: a 200,000-student district must fit in memory.
  async gather({ views }): Promise<ReconcileResult> {
    const { source, bookmarked } = await views();
    return reconcileDistrict({ source: source.reader.scan, bookmarked: bookmarked.reader.scan });
  },
  compare: ({ data, district }) => {
    const counts = data.counts;
    // The precedence over every finding, including those not kept in the answer.
    const status = statusFromFindings(
      FINDING_KINDS.filter((kind) => counts[kind]).map((kind) => ({ system: systemOfKind(kind) })),
    );
    const kept = data.findings.length < data.findingTotal ? ` (the first ${data.findings.length} are listed)` : '';
    const scanned = data.scanned
      .filter((s) => s.record === 'people' || s.record === 'classes' || s.record === 'enrollments')
      .map((s) => `${s.count} ${s.record} in ${s.system === 'SOURCE' ? 'the SIS' : 'Bookmarked'}`)
      .join(', ');
    return {
      status,
      summary: `District ${district.name} (${district.id}): ${
        data.findingTotal ? `${data.findingTotal} finding(s)${kept}: ${describeCounts(counts)}.` : 'the SIS and Bookmarked agree.'
      } Compared ${scanned}.`,
      findings: data.findings,
      remediation: data.findingTotal
        ? reportSteps(counts)
        : [noIssueStep('every record of the district in the SIS and Bookmarked')],
      counts,
      sanityCounts: data.sanityCounts,
      scanned: data.scanned,
    };
  },
});
