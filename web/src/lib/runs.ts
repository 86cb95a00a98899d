import type { DiagnosticStatus } from './types';

/** Plain words for the run history's columns and filters. */

export const STATUS_OPTIONS: { value: DiagnosticStatus; label: string }[] = [
  { value: 'ISSUE_IN_SOURCE', label: 'Source issue' },
  { value: 'ISSUE_IN_BOOKMARKED', label: 'Bookmarked issue' },
  { value: 'NO_ISSUE', label: 'No issue' },
  { value: 'INCONCLUSIVE', label: 'Inconclusive' },
];

/** "3 min ago", "yesterday 14:05", "12 Mar 09:30": how long ago a run was, for a table. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  const time = then.toISOString().slice(11, 16);
  if (seconds < 86_400 && then.getUTCDate() === now.getUTCDate()) return `today ${time}`;
  if (seconds < 2 * 86_400) return `yesterday ${time}`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${then.getUTCDate()} ${months[then.getUTCMonth()]}${then.getUTCFullYear() !== now.getUTCFullYear() ? ` ${then.getUTCFullYear()}` : ''} ${time}`;
}

/** Tool name → title, from the `tools` query; comparisons and unknown tools keep their name. */
export function toolTitles(tools: readonly { name: string; title: string }[]): (name: string) => string {
  const titles = new Map(tools.map((tool) => [tool.name, tool.title]));
  return (name) => (name === 'compare' ? 'Ad-hoc comparison' : (titles.get(name) ?? name));
}

export interface HistoryFilter {
  tool: string;
  status: string;
  district: string;
  ticket: string;
  from: string;
  to: string;
  mine: boolean;
}

export function readHistoryFilter(params: URLSearchParams): HistoryFilter {
  const get = (name: string) => (params.get(name) ?? '').trim().slice(0, 100);
  return {
    tool: get('tool'),
    status: get('status'),
    district: get('district'),
    ticket: get('ticket'),
    from: get('from'),
    to: get('to'),
    mine: params.get('mine') === '1',
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The gateway's RunFilter for a history filter; `to` is inclusive here, exclusive there. */
export function runFilter(filter: HistoryFilter, userId: string | null) {
  const next = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    tool: filter.tool || null,
    status: STATUS_OPTIONS.some((s) => s.value === filter.status) ? (filter.status as DiagnosticStatus) : null,
    districtId: /^\d{1,19}$/.test(filter.district) ? filter.district : null,
    ticketId: filter.ticket || null,
    from: ISO_DATE.test(filter.from) ? filter.from : null,
    to: ISO_DATE.test(filter.to) ? next(filter.to) : null,
    actorId: filter.mine && userId ? `user:${userId}` : null,
  };
}
