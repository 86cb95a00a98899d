import { describe, expect, it } from 'vitest';
import { readHistoryFilter, relativeTime, runFilter, toolTitles } from './runs';

describe('run history helpers', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('says how long ago a run was', () => {
    expect(relativeTime('2026-03-10T11:59:40Z', now)).toBe('just now');
    expect(relativeTime('2026-03-10T11:30:00Z', now)).toBe('30 min ago');
    expect(relativeTime('2026-03-10T08:15:00Z', now)).toBe('today 08:15');
    expect(relativeTime('2026-03-09T14:05:00Z', now)).toBe('yesterday 14:05');
    expect(relativeTime('2026-02-01T09:30:00Z', now)).toBe('1 Feb 09:30');
    expect(relativeTime('2025-12-31T09:30:00Z', now)).toBe('31 Dec 2025 09:30');
  });

  it('turns the page’s filter into the gateway’s RunFilter, dropping what is not valid', () => {
    const filter = readHistoryFilter(
      new URLSearchParams('tool=studentSearch&status=NO_ISSUE&district=1001&to=2026-03-09&from=bad&mine=1'),
    );
    expect(runFilter(filter, '7')).toEqual({
      tool: 'studentSearch',
      status: 'NO_ISSUE',
      districtId: '1001',
      ticketId: null,
      from: null,
      to: '2026-03-10',
      actorId: 'user:7',
    });
    expect(runFilter(readHistoryFilter(new URLSearchParams('status=EVIL&district=1;2')), null)).toMatchObject({
      status: null,
      districtId: null,
    });
  });

  it('names tools by title', () => {
    const title = toolTitles([{ name: 'studentSearch', title: 'Student Search' }]);
    expect(title('studentSearch')).toBe('Student Search');
    expect(title('compare')).toBe('Ad-hoc comparison');
    expect(title('newTool')).toBe('newTool');
  });
});
