import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { collectRecordIds, REDACTED, redactDocument, redactVariables } from './audit-detail';

describe('audit detail', () => {
  it('takes secrets out of documents and variables, at any depth, and keeps the rest', () => {
    const document = redactDocument(
      parse('mutation { saveCredential(input: { name: "hubspot", kind: HUBSPOT_TOKEN, value: "pat-na1-secret" }) { name } }'),
    );
    expect(document).not.toContain('pat-na1-secret');
    expect(document).toContain(REDACTED);
    expect(document).toContain('"hubspot"');
    expect(redactVariables({ input: { name: 'x', value: 's3cret', nested: [{ password: 'p' }] }, districtId: '1001' })).toEqual({
      input: { name: 'x', value: REDACTED, nested: [{ password: REDACTED }] },
      districtId: '1001',
    });
  });

  it('collects the ids of returned records, JSON evidence included, in first-seen order, bounded', () => {
    const data = {
      district: {
        id: '1001',
        source: { students: [{ sourcedId: 's-1', givenName: 'Ana' }, { sourcedId: 's-2' }] },
        bookmarked: { students: [{ sourcedId: 's-1', parents: [{ sourcedId: 'p-9', email: 'p@x.org' }] }] },
      },
      run: {
        findings: [{ sourcedIds: ['s-3', 's-1'] }],
        evidence: { queries: [{ source: { students: [{ sourcedId: 's-4' }] } }] },
      },
    };
    expect(collectRecordIds(data)).toEqual({ ids: ['1001', 's-1', 's-2', 'p-9', 's-3', 's-4'], truncated: false });
    const many = { students: Array.from({ length: 20_000 }, (_, i) => ({ sourcedId: `s-${i}` })) };
    const bounded = collectRecordIds(many);
    expect(bounded.truncated).toBe(true);
    expect(bounded.ids.length).toBe(10_000);
  });
});
