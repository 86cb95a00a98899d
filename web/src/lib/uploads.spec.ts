import { describe, expect, it } from 'vitest';
import { checkChosenFile, formatBytes, problemLocation, problemText, progressLabel, uploadStatusBadge } from './uploads';

describe('uploads page helpers', () => {
  it('checks a chosen file before it is sent', () => {
    expect(checkChosenFile(null)).toBe('Choose a .zip of OneRoster CSV files.');
    expect(checkChosenFile({ name: 'users.csv', size: 10 })).toContain('is not a .zip');
    expect(checkChosenFile({ name: 'big.ZIP', size: 300 * 1024 * 1024 })).toBe(
      'big.ZIP is 300 MB, over the 200 MB upload limit.',
    );
    expect(checkChosenFile({ name: 'lakeside.zip', size: 2048 }, 1024)).toContain('over the 1.0 KB upload limit');
    expect(checkChosenFile({ name: 'lakeside.zip', size: 2048 })).toBeNull();
  });

  it('says where a problem is, and its message without the location', () => {
    const problem = { file: 'users.csv', line: 3, column: 5, message: 'users.csv, line 3, column 5: role is "studnet"' };
    expect(problemLocation(problem)).toBe('users.csv, line 3, column 5');
    expect(problemText(problem)).toBe('role is "studnet"');
    const archive = { file: 'bomb.zip', line: null, column: null, message: 'bomb.zip: over the compression-ratio limit' };
    expect(problemLocation(archive)).toBe('bomb.zip');
    expect(problemText(archive)).toBe('over the compression-ratio limit');
    expect(problemLocation({ file: null, line: null, column: null, message: 'x' })).toBeNull();
  });

  it('formats sizes, statuses and progress', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
    expect(uploadStatusBadge('CURRENT')).toEqual({ label: 'Current source', tone: 'success' });
    expect(uploadStatusBadge('REMOVED').tone).toBe('warning');
    expect(progressLabel(null)).toBe('');
    expect(progressLabel({ sent: 512 * 1024, total: 2 * 1024 * 1024 })).toBe('Uploading… 25% (512 KB of 2.0 MB)');
    expect(progressLabel({ sent: 10, total: 10 })).toBe('Validating the bundle…');
  });
});
