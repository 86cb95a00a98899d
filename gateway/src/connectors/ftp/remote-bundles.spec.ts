import { describe, expect, it } from 'vitest';
import { bundleVersion, isSafeRemoteName, pickNewestBundle, type RemoteBundle } from './remote-bundles';

function zip(name: string, modifiedAt: number | null, size = 100): RemoteBundle {
  return { kind: 'zip', name, size, modifiedAt, files: [] };
}

describe('pickNewestBundle', () => {
  it('picks the latest modification time', () => {
    const newest = zip('a.zip', Date.parse('2024-05-02T00:00:00Z'));
    expect(pickNewestBundle([zip('z.zip', Date.parse('2024-05-01T00:00:00Z')), newest])).toBe(newest);
  });

  it('counts an unknown time as oldest and breaks ties by the name that sorts last', () => {
    expect(pickNewestBundle([zip('b.zip', 5), zip('c.zip', null)])?.name).toBe('b.zip');
    expect(pickNewestBundle([zip('export-2024-05-02.zip', null), zip('export-2024-05-01.zip', null)])?.name).toBe(
      'export-2024-05-02.zip',
    );
    expect(pickNewestBundle([zip('x.zip', 7), zip('y.zip', 7)])?.name).toBe('y.zip');
  });

  it('finds nothing in an empty folder', () => {
    expect(pickNewestBundle([])).toBeNull();
  });
});

describe('bundleVersion', () => {
  it('changes with the name, the size, the time, or any file of a folder', () => {
    const orgs = { name: 'orgs.csv', size: 10, modifiedAt: 8 };
    const users = { name: 'users.csv', size: 20, modifiedAt: 9 };
    const folder: RemoteBundle = { kind: 'folder', name: 'drop', size: 30, modifiedAt: 9, files: [orgs, users] };
    const versions = [
      bundleVersion(zip('a.zip', 1)),
      bundleVersion(zip('b.zip', 1)),
      bundleVersion(zip('a.zip', 2)),
      bundleVersion(zip('a.zip', 1, 101)),
      bundleVersion(folder),
      bundleVersion({ ...folder, files: [{ ...orgs, modifiedAt: 7 }, users] }),
    ];
    expect(new Set(versions).size).toBe(versions.length);
    expect(bundleVersion(zip('a.zip', 1))).toBe(versions[0]);
  });
});

describe('isSafeRemoteName', () => {
  it('refuses names that are not one plain path segment', () => {
    expect(['export.zip', '2024-05-02', 'a b.zip'].every(isSafeRemoteName)).toBe(true);
    expect(['', '.', '..', '../x.zip', 'a/b.zip', 'a\\b.zip', 'a\0.zip'].some(isSafeRemoteName)).toBe(false);
  });
});
