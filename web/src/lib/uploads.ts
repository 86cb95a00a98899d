import type { Tone } from './status';

/**
 * Pure helpers of the Uploads page (/uploads): checks before a file leaves the browser, how a
 * refused upload's problems and the history read. The gateway checks everything again.
 */

/** The gateway's default (SOURCE_UPLOAD_MAX_BYTES); the gateway's own limit is the one enforced. */
export const DEFAULT_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

export interface UploadProblem {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

/** Why a chosen file cannot be a bundle, before sending it; null when it may be. */
export function checkChosenFile(file: { name: string; size: number } | null, maxBytes = DEFAULT_UPLOAD_MAX_BYTES): string | null {
  if (!file || file.size === 0) return 'Choose a .zip of OneRoster CSV files.';
  if (!file.name.toLowerCase().endsWith('.zip'))
    return `${file.name} is not a .zip: upload the bundle as a zip of its CSV files.`;
  if (file.size > maxBytes) return `${file.name} is ${formatBytes(file.size)}, over the ${formatBytes(maxBytes)} upload limit.`;
  return null;
}

/** `users.csv, line 3, column 5` — where a problem is, as far as the bundle says. */
export function problemLocation(problem: UploadProblem): string | null {
  const parts = [
    problem.file,
    problem.line === null ? null : `line ${problem.line}`,
    problem.column === null ? null : `column ${problem.column}`,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The problem's message without the location it starts with (shown separately). */
export function problemText(problem: UploadProblem): string {
  const location = problemLocation(problem);
  return location && problem.message.startsWith(`${location}: `) ? problem.message.slice(location.length + 2) : problem.message;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function uploadStatusBadge(status: string): { label: string; tone: Tone } {
  switch (status) {
    case 'CURRENT':
      return { label: 'Current source', tone: 'success' };
    case 'REPLACED':
      return { label: 'Replaced', tone: 'neutral' };
    case 'REMOVED':
      return { label: 'Removed', tone: 'warning' };
    default:
      return { label: status.toLowerCase(), tone: 'neutral' };
  }
}

/** What the progress line says: bytes sent while uploading, then the gateway's validation. */
export function progressLabel(progress: { sent: number; total: number } | null): string {
  if (!progress) return '';
  if (progress.total > 0 && progress.sent >= progress.total) return 'Validating the bundle…';
  const percent = progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return `Uploading… ${percent}% (${formatBytes(progress.sent)} of ${formatBytes(progress.total)})`;
}
