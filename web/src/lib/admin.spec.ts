import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_GROUPS,
  actorId,
  actorLabel,
  auditActionLabel,
  auditCsvFileName,
  auditDetailView,
  auditFilterQuery,
  auditLogFilter,
  isCredentialName,
  needsStepUp,
  readAuditFilter,
} from './admin';

const actors = {
  users: [
    { id: '7', username: 'ada.admin' },
    { id: '12', username: 'sam.support' },
  ],
  tokens: [{ id: '3', name: 'nightly' }],
};

describe('the audit filter', () => {
  it('reads the URL, trimmed and bounded, environment in capitals', () => {
    const filter = readAuditFilter(new URLSearchParams(`actor=%20sam.support%20&environment=production&q=${'x'.repeat(300)}`));
    expect(filter).toMatchObject({ actor: 'sam.support', environment: 'PRODUCTION', action: '', district: '' });
    expect(filter.q).toHaveLength(200);
  });

  it("names who by the log's actor ids: usernames and token names looked up, ids kept, others as typed", () => {
    expect(actorId('sam.support', actors)).toBe('user:12');
    expect(actorId('SAM.SUPPORT', actors)).toBe('user:12');
    expect(actorId('nightly', actors)).toBe('token:3');
    expect(actorId('user:99', actors)).toBe('user:99');
    expect(actorId('cli', actors)).toBe('cli');
    // A failed sign-in is recorded under the username tried.
    expect(actorId('mallory', actors)).toBe('mallory');
    expect(actorId('  ', actors)).toBeNull();
  });

  it('names who in words: recorded name, username, token name, else the id', () => {
    expect(actorLabel({ actorId: 'user:7', actorName: 'Ada Admin' }, actors)).toBe('Ada Admin');
    expect(actorLabel({ actorId: 'user:7', actorName: null }, actors)).toBe('ada.admin');
    expect(actorLabel({ actorId: 'token:3' }, actors)).toBe('nightly');
    expect(actorLabel({ actorId: 'user:99' }, actors)).toBe('user:99');
    expect(actorLabel({ actorId: 'cli' }, actors)).toBe('Command line');
    expect(actorLabel({ actorId: 'mallory' }, actors)).toBe('mallory');
  });

  it("becomes the gateway's filter: known actions only, digits for districts, the `to` day included", () => {
    const filter = readAuditFilter(
      new URLSearchParams(
        'actor=ada.admin&action=production_read&district=1001&environment=PRODUCTION&from=2026-11-01&to=2026-11-30&q=S-1',
      ),
    );
    expect(auditLogFilter(filter, actors)).toEqual({
      actor: 'user:7',
      actions: ['production_read'],
      districtId: '1001',
      environment: 'PRODUCTION',
      from: '2026-11-01',
      to: '2026-12-01',
      search: 'S-1',
    });
    const junk = readAuditFilter(
      new URLSearchParams("action=drop_table&district=1;DROP&environment=moon&from=yesterday&to=2026-13-45'"),
    );
    expect(auditLogFilter(junk, actors)).toEqual({
      actor: null,
      actions: null,
      districtId: null,
      environment: null,
      from: null,
      to: null,
      search: null,
    });
  });

  it('writes the filter back as a query string for paging and the CSV link', () => {
    const filter = readAuditFilter(new URLSearchParams('action=tool_run&q=a b'));
    expect(auditFilterQuery(filter)).toBe('?action=tool_run&q=a+b');
    expect(auditFilterQuery(filter, { after: 'c1', other: null })).toBe('?action=tool_run&q=a+b&after=c1');
    expect(auditFilterQuery(readAuditFilter(new URLSearchParams()))).toBe('');
  });

  it('labels every action and keeps unknown ones as they are', () => {
    const all = AUDIT_ACTION_GROUPS.flatMap((group) => group.actions.map((action) => action.value));
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('audit_exported');
    expect(auditActionLabel('production_read')).toBe('Production read');
    expect(auditActionLabel('something_new')).toBe('something_new');
  });
});

describe('the audit CSV and detail', () => {
  it('names the download by when it was taken', () => {
    expect(auditCsvFileName(new Date('2026-11-22T14:05:09Z'))).toBe('audit-log-20261122-1405Z.csv');
  });

  it('splits an entry into document, variables, records and the rest', () => {
    const view = auditDetailView({
      operationName: 'Lookup',
      document: 'query Lookup { district(id: 1) { id } }',
      variables: { id: '1' },
      recordIds: ['s-1', 2],
      tool: 'studentSearch',
    });
    expect(view).toEqual({
      operationName: 'Lookup',
      document: 'query Lookup { district(id: 1) { id } }',
      variables: { id: '1' },
      recordIds: ['s-1', '2'],
      errors: null,
      rest: { tool: 'studentSearch' },
    });
    expect(auditDetailView(null)).toMatchObject({ document: null, recordIds: [], rest: {} });
    expect(auditDetailView(['x']).rest).toEqual({});
  });
});

describe('admin rules', () => {
  it('asks for a step-up before anything that opens production or changes its secrets', () => {
    expect(needsStepUp({ kind: 'set-role', role: 'VIEWER' })).toBe(false);
    expect(needsStepUp({ kind: 'set-role', role: 'SUPPORT' })).toBe(true);
    expect(needsStepUp({ kind: 'create-token', role: 'VIEWER' })).toBe(false);
    expect(needsStepUp({ kind: 'create-token', role: 'ADMIN' })).toBe(true);
    expect(needsStepUp({ kind: 'save-credential' })).toBe(true);
    expect(needsStepUp({ kind: 'delete-credential' })).toBe(true);
  });

  it('accepts credential names as the vault stores them', () => {
    for (const name of ['lakeside-ftp', 'prod.db_2', 'a']) expect(isCredentialName(name), name).toBe(true);
    for (const name of ['', 'Lakeside', '-x', 'a b', 'a/b', 'a'.repeat(64)]) expect(isCredentialName(name), name).toBe(false);
  });
});
