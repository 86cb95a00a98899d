import { describe, expect, it } from 'vitest';
import { formatDuration, kindLabel, sourceSystemLabel, statusWording, systemLabel } from './status';

describe('status wording', () => {
  it('names the source system the way a support engineer would', () => {
    expect(statusWording('ISSUE_IN_SOURCE', { sisProvider: 'oneroster' }).title).toBe('Issue exists in source data (OneRoster)');
    expect(statusWording('ISSUE_IN_SOURCE', { sisProvider: 'classlink' }).title).toBe('Issue exists in source data (ClassLink)');
    expect(statusWording('ISSUE_IN_SOURCE', { sisProvider: 'other', sourceKind: 'ftp' }).title).toBe(
      'Issue exists in source data (OneRoster CSV)',
    );
    expect(statusWording('ISSUE_IN_SOURCE').title).toBe('Issue exists in source data (SIS)');
  });

  it('says who acts for each status and picks a tone', () => {
    const source = statusWording('ISSUE_IN_SOURCE', { sisProvider: 'oneroster' });
    expect(source.detail).toMatch(/district's SIS admin/);
    expect(source.tone).toBe('danger');
    const bookmarked = statusWording('ISSUE_IN_BOOKMARKED');
    expect(bookmarked.title).toBe('Issue exists in Bookmarked');
    expect(bookmarked.detail).toMatch(/Bookmarked support/);
    expect(statusWording('NO_ISSUE', { sisProvider: 'classlink' }).title).toBe('No issue found: ClassLink and Bookmarked agree');
    expect(statusWording('INCONCLUSIVE').tone).toBe('neutral');
    expect(statusWording('SOMETHING_NEW').title).toBe('SOMETHING_NEW');
  });

  it('labels kinds, systems and durations', () => {
    expect(kindLabel('PHANTOM_PARENT_LINK')).toBe('Parent link only in Bookmarked');
    expect(kindLabel('BRAND_NEW_KIND')).toBe('Brand new kind');
    expect(systemLabel('SOURCE', { sisProvider: 'oneroster' })).toBe('SIS (OneRoster)');
    expect(systemLabel('BOOKMARKED')).toBe('Bookmarked');
    expect(sourceSystemLabel({ sourceKind: 'oneroster-api' })).toBe('OneRoster API');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
