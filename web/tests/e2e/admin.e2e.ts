import { readFile } from 'node:fs/promises';
import { generate } from 'otplib';
import { describe, expect, inject, it } from 'vitest';
import { screenshot, signIn, useBrowser, visit } from './browser';
import { PASSWORD, USERS } from './constants';
import type { StackInfo } from './serve-stack';

/**
 * The admin screens end to end, in Chromium, on the same stack as web.e2e.ts (started once by
 * global-setup.ts): the audit log (filter, detail, CSV download) and API tokens (created, shown
 * once, used, revoked), with the step-up a production-capable token needs.
 */

const stack: StackInfo = inject('stack');
const { open } = useBrowser({ baseURL: stack.webUrl });

async function signedIn(username: string) {
  const page = await open();
  await signIn(page, username);
  await page.waitForURL((url) => url.pathname === '/');
  return page;
}

/** The gateway as an automation script sees it with `token`. */
async function asToken(token: string): Promise<{ status: number; role?: string }> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewerSecurity { role } }' }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: { viewerSecurity?: { role: string } } };
  return { status: response.status, role: body.data?.viewerSecurity?.role };
}

/** The code an authenticator app shows for the setup key at `at`: otplib, the library gateway/src/security/totp.ts verifies with. */
const totpCode = (secret: string, at = Date.now()) => generate({ secret, epoch: Math.floor(at / 1000) });

describe('admin screens', () => {
  it('the audit log filters by who and action, shows an entry, and downloads the filtered CSV', async () => {
    // A production read by an automation script: audited with its document, variables and records.
    const read = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.support}` },
      body: JSON.stringify({
        query:
          'query AuditedSchools($id: ID!) { district(id: $id, environment: PRODUCTION) { id name bookmarked { schools { sourcedId } } } }',
        variables: { id: '1001' },
      }),
    });
    expect(read.status).toBe(200);
    const page = await signedIn(USERS.admin.username);
    await page.locator('nav a', { hasText: 'Admin' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/audit');
    await page.locator('[data-testid=audit-table]').waitFor();
    await screenshot(page, '14-admin-audit');

    // The admin's own sign-in just now is in the log.
    await page.fill('#a-actor', USERS.admin.username);
    await page.selectOption('#a-action', 'sign_in');
    await page.locator('[data-testid=audit-filters] button[type=submit]').click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'sign_in');
    await page.locator('[data-testid=audit-table]').waitFor();
    const actions = await page.locator('[data-testid=audit-table] tbody tr td:nth-child(3)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action.trim()).toBe('Signed in');
    expect(await page.locator('[data-testid=audit-table] tbody tr').first().textContent()).toContain('user:');

    const detail = page.locator('[data-testid=audit-detail]');
    await page.locator('[data-testid=audit-table] tbody tr').first().getByRole('button', { name: 'Detail' }).click();
    await detail.waitFor({ state: 'visible' });
    expect(await detail.textContent()).toContain('Signed in');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=audit-csv]')]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{8}-\d{4}Z\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/action/);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain('sign_in');
    expect(csv).not.toContain('sign_in_failed');

    // The production read: its document, variables and the records it returned, in district 1001.
    await visit(page, '/admin/audit?action=production_read&district=1001&environment=PRODUCTION');
    await page.locator('[data-testid=audit-table]').waitFor();
    const readRow = page.locator('[data-testid=audit-table] tbody tr', { hasText: 'e2e-support' }).first();
    await readRow.getByRole('button', { name: 'Detail' }).click();
    await detail.waitFor({ state: 'visible' });
    const shown = (await detail.textContent()) ?? '';
    expect(shown).toContain('AuditedSchools');
    expect(shown).toMatch(/Variables[\s\S]*"id": "1001"/);
    expect(shown).toMatch(/Records returned \(\d+\)/);
    await screenshot(page, '15-admin-audit-detail', { fullPage: false });
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });

    // The export is itself audited.
    await visit(page, '/admin/audit?action=audit_exported');
    await page.locator('[data-testid=audit-table]').waitFor();
    expect(await page.locator('[data-testid=audit-table] tbody tr').count()).toBeGreaterThan(0);
  });

  it('a token is shown once, works, and stops working when revoked; a support token needs a step-up first', async () => {
    const page = await signedIn(USERS.admin.username);
    await visit(page, '/admin/tokens');

    await page.fill('#token-name', 'e2e nightly script');
    await page.selectOption('#token-role', 'VIEWER');
    await page.locator('[data-testid=token-create] button[type=submit]').click();
    await page.locator('[data-testid=token-created]').waitFor();
    const token = ((await page.locator('[data-testid=token-value]').textContent()) ?? '').trim();
    expect(token.length).toBeGreaterThan(20);
    await screenshot(page, '16-admin-token-created');
    expect(await asToken(token)).toEqual({ status: 200, role: 'VIEWER' });

    const row = page.locator('[data-testid=token-row][data-token-name="e2e nightly script"]');
    expect(await row.textContent()).toContain(`…${token.slice(-4)}`);
    // Shown once: a fresh load of the page lists the token, never the token itself.
    await visit(page, '/admin/tokens');
    await row.waitFor();
    expect(await page.locator('[data-testid=token-created]').count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.locator('.badge', { hasText: 'revoked' }).waitFor();
    expect((await asToken(token)).status).toBe(401);

    // A support token reads production with no step-up of its own: the admin confirms first, then comes back to the same form.
    await page.fill('#token-name', 'e2e support script');
    await page.selectOption('#token-role', 'SUPPORT');
    await page.locator('[data-testid=token-create] button[type=submit]').click();
    const dialog = page.locator('dialog.step-up');
    await dialog.waitFor({ state: 'visible' });
    await page.fill('#step-up-password', PASSWORD);
    await page.click('[data-testid=step-up-confirm]');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid=token-created]').waitFor();
    const supportToken = ((await page.locator('[data-testid=token-value]').textContent()) ?? '').trim();
    expect(await asToken(supportToken)).toEqual({ status: 200, role: 'SUPPORT' });

    await visit(page, '/admin/audit?action=token_revoked');
    await page.locator('[data-testid=audit-table]').waitFor();
    expect(await page.locator('[data-testid=audit-table] tbody tr').count()).toBeGreaterThan(0);
  });

  it('a credential is saved write-only (after a step-up), listed as set / last 4, and tested', async () => {
    const secret = 'e2e-ftp-password-never-shown-7x9Q';
    const page = await signedIn(USERS.admin.username);
    await visit(page, '/admin/credentials');
    await page.fill('#cred-name', 'e2e-ftp');
    await page.selectOption('#cred-kind', 'PASSWORD');
    await page.fill('#cred-value', secret);
    expect(await page.getAttribute('#cred-value', 'type')).toBe('password');
    await page.locator('[data-testid=credential-save] button[type=submit]').click();
    const dialog = page.locator('dialog.step-up');
    await dialog.waitFor({ state: 'visible' });
    await page.fill('#step-up-password', PASSWORD);
    await page.click('[data-testid=step-up-confirm]');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.alert', { hasText: 'Saved vault:e2e-ftp' }).waitFor();
    const row = page.locator('[data-testid=credentials-table] tbody tr', { hasText: 'e2e-ftp' });
    expect(await row.textContent()).toMatch(/set[\s\S]*…7x9Q[\s\S]*never/);
    expect(await page.inputValue('#cred-value')).toBe('');
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Test' }).click();
    await row.locator('.badge', { hasText: 'ok' }).waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('any user enrols an authenticator from the QR code or setup key, confirms with a code, and removes it', async () => {
    const page = await signedIn(USERS.viewer.username);
    await page.locator('nav a', { hasText: 'Security' }).click();
    await page.waitForURL((url) => url.pathname === '/account/security');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const key = ((await page.locator('[data-testid=totp-secret]').textContent()) ?? '').replace(/\s+/g, '');
    // The QR code is drawn by our own server (an inline SVG), never by a third-party image service.
    expect(await page.locator('[data-testid=totp-qr] svg path').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=totp-qr] img').count()).toBe(0);
    await screenshot(page, '17a-authenticator-qr');
    expect(key).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.locator('[data-testid=totp-uri]').textContent()).toMatch(/^otpauth:\/\/totp\/.*secret=/);

    await page.fill('#confirm-code', '000000' === (await totpCode(key)) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.alert', { hasText: 'does not match' }).waitFor();
    // A wrong code keeps the key on the page.
    expect(((await page.locator('[data-testid=totp-secret]').textContent()) ?? '').replace(/\s+/g, '')).toBe(key);

    await page.fill('#confirm-code', await totpCode(key));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-testid=totp][data-enrolled=true]').waitFor();
    expect(await page.locator('[data-testid=totp-secret]').count()).toBe(0);

    // The code of the next 30 s step: the one used to enrol cannot be used again.
    await page.fill('#disable-code', await totpCode(key, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Remove authenticator' }).click();
    await page.locator('[data-testid=totp][data-enrolled=false]').waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
  });

  it('other roles see no Admin entry and are refused the admin pages and the CSV', async () => {
    const page = await signedIn(USERS.support.username);
    expect(await page.locator('nav a', { hasText: 'Admin' }).count()).toBe(0);
    expect(await page.locator('nav a', { hasText: 'Security' }).count()).toBe(1);
    for (const path of ['/admin/audit', '/admin/users', '/admin/tokens', '/admin/credentials', '/admin/audit/export.csv']) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(403);
    }
    await visit(page, '/account/security');
    await page.locator('[data-testid=totp]').waitFor();
    await screenshot(page, '17-account-security');
  });
});
