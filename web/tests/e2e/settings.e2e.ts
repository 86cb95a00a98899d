import { describe, expect, inject, it } from 'vitest';
import { screenshot, signIn, useBrowser, visit } from './browser';
import { USERS } from './constants';
import type { StackInfo } from './serve-stack';

/**
 * The customer settings screens as an admin uses them, for the user guide's Customers section:
 * an import refused with each problem's file, customer and field; the list filtered by
 * integration type and environment; an edit the gateway refuses on the field at fault.
 * Customers made here have ids starting `e2e-settings-` and district ids no seed district has.
 */

const stack: StackInfo = inject('stack');
const { open } = useBrowser({ baseURL: stack.webUrl });

const jsonUpload = (name: string, file: unknown) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(file, null, 2)),
});

const CEDAR = {
  customer_id: 'e2e-settings-cedar-hills',
  customer_name: 'Cedar Hills SD',
  district_name: 'Cedar Hills School District',
  bookmarked_org_id: '9921',
  oneshelf_environment: 'staging',
  integration_type: 'ClassLink',
  active: true,
  classlink: {
    enabled: true,
    mode: 'proxy',
    api_url: 'https://oneroster-proxy.classlink.example/cedar-hills/ims/oneroster/v1p1',
    tenant_id: '1234',
    client_id: 'cedar-hills',
    client_secret: 'env:CEDAR_HILLS_CLASSLINK_SECRET',
  },
};
const MAPLE = {
  customer_id: 'e2e-settings-maple-grove',
  customer_name: 'Maple Grove USD',
  district_name: 'Maple Grove Unified School District',
  bookmarked_org_id: '9922',
  oneshelf_environment: 'production',
  integration_type: 'FTP drop',
  active: true,
  ftp: {
    enabled: true,
    host: 'ftp.maple-grove.example',
    port: 21,
    username: 'cdt',
    password: 'env:MAPLE_FTP_PASSWORD',
    path: '/exports',
  },
};
/** Two mistakes an engineer makes by hand: a port as text, and a password pasted in instead of a reference. */
const BIRCH_BROKEN = {
  customer_id: 'e2e-settings-birch-bay',
  bookmarked_org_id: '9923',
  integration_type: 'FTP drop',
  ftp: {
    enabled: true,
    host: 'ftp.birch-bay.example',
    port: 'twenty-one',
    username: 'cdt',
    password: 'hunter2-plain',
    path: '/',
  },
};

describe('customer settings (admin)', () => {
  it('import: a bad file stops the whole import and each problem names the file, customer and field; fixed, it imports', async () => {
    const page = await open();
    await signIn(page, USERS.admin.username);
    await page.waitForURL((url) => url.pathname === '/');
    await visit(page, '/settings/customers');
    await page.locator('[data-testid=customers-table]').waitFor();
    await page.locator('button', { hasText: 'Import JSON' }).click();
    await page.setInputFiles('[data-testid=import-files]', [
      jsonUpload('cedar-hills.json', CEDAR),
      jsonUpload('maple-grove.json', MAPLE),
      jsonUpload('birch-bay.json', BIRCH_BROKEN),
    ]);
    await page.locator('form.import button[type=submit]').click();
    const alert = page.locator('form.import .alert.danger');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Nothing was imported');
    const problems = (await page.locator('[data-testid=import-problem]').allTextContents()).map((text) => text.trim());
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^birch-bay\.json › e2e-settings-birch-bay · ftp\.port: expected a number/);
    expect(problems[1]).toMatch(/^birch-bay\.json › e2e-settings-birch-bay · ftp\.password: /);
    // The pasted password is never echoed back.
    expect(await page.content()).not.toContain('hunter2-plain');
    const table = page.locator('[data-testid=customers-table]');
    expect(await table.textContent()).not.toContain('e2e-settings-');
    await screenshot(page, '10b-customers-import-problems', { fullPage: false });

    await page.setInputFiles('[data-testid=import-files]', [
      jsonUpload('cedar-hills.json', CEDAR),
      jsonUpload('maple-grove.json', MAPLE),
    ]);
    await page.locator('form.import button[type=submit]').click();
    await page
      .locator('.alert.success', { hasText: 'Imported 2 customers: e2e-settings-cedar-hills, e2e-settings-maple-grove.' })
      .waitFor();
    await visit(page, '/settings/customers');
    expect(await table.textContent()).toContain('e2e-settings-cedar-hills');
    expect(await table.textContent()).toContain('e2e-settings-maple-grove');
  });

  it('the list filters by search, integration type and environment', async () => {
    const page = await open();
    await signIn(page, USERS.admin.username);
    await page.waitForURL((url) => url.pathname === '/');
    await visit(page, '/settings/customers');
    const rows = page.locator('[data-testid=customers-table] tbody tr');
    await rows.first().waitFor();
    const all = await rows.count();
    expect(all).toBeGreaterThanOrEqual(5);

    // Integration type: the options are the types the files name.
    expect(await page.locator('#c-type option').allTextContents()).toEqual(expect.arrayContaining(['ClassLink', 'FTP drop']));
    await page.selectOption('#c-type', 'FTP drop');
    await expect.poll(() => rows.count()).toBeLessThan(all);
    const ftpRows = await rows.allTextContents();
    expect(ftpRows.length).toBeGreaterThan(0);
    for (const row of ftpRows) expect(row).toContain('FTP drop');
    expect(ftpRows.some((row) => row.includes('e2e-settings-maple-grove'))).toBe(true);

    // And environment: Maple Grove is production, so staging leaves no FTP drop of ours.
    await page.selectOption('#c-env', 'STAGING');
    await expect
      .poll(async () => (await rows.allTextContents()).some((row) => row.includes('e2e-settings-maple-grove')))
      .toBe(false);
    await page.selectOption('#c-env', 'PRODUCTION');
    await expect
      .poll(async () => (await rows.allTextContents()).some((row) => row.includes('e2e-settings-maple-grove')))
      .toBe(true);
    for (const row of await rows.allTextContents()) expect(row).toMatch(/Production[\s\S]*FTP drop/);

    // Search narrows by name, customer id or district id.
    await page.selectOption('#c-type', '');
    await page.selectOption('#c-env', '');
    await page.fill('#c-search', '9921');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Cedar Hills SD');
    await page.fill('#c-search', '');
    await page.selectOption('#c-type', 'ClassLink');
    await page.selectOption('#c-env', 'STAGING');
    await expect
      .poll(async () => (await rows.allTextContents()).some((row) => row.includes('e2e-settings-cedar-hills')))
      .toBe(true);
    for (const row of await rows.allTextContents()) expect(row).toMatch(/Staging[\s\S]*ClassLink/);
    await screenshot(page, '09b-customers-filtered', { fullPage: false });

    await page.fill('#c-search', 'no such customer anywhere');
    await page.locator('text=No customer matches the filter').waitFor();
  });

  it('edit: a field checked as you leave it, and the gateway refusing a district another customer has, on that field', async () => {
    const page = await open();
    await signIn(page, USERS.admin.username);
    await page.waitForURL((url) => url.pathname === '/');
    await visit(page, `/settings/customers/${CEDAR.customer_id}`);
    // Read-only until Edit.
    expect(await page.locator('#cs-bookmarked_org_id').isEditable()).toBe(false);
    await page.locator('button', { hasText: 'Edit' }).click();
    expect(await page.locator('#cs-bookmarked_org_id').isEditable()).toBe(true);

    // The gateway's rule, on the field: a district id another settings file already has.
    await page.fill('#cs-bookmarked_org_id', '1003');
    await page.locator('form.settings-form button[type=submit]').click();
    const conflict = page.locator('#cs-bookmarked_org_id-error');
    await conflict.waitFor();
    expect(await conflict.textContent()).toBe('"1003" is already the bookmarked_org_id of pine-valley-ps.json');
    expect(await page.locator('#cs-bookmarked_org_id').getAttribute('aria-invalid')).toBe('true');

    // The form's own check, as the field is left: a secret pasted where a reference belongs.
    await page.fill('#cs-classlink-client_secret', 'pasted-secret-value');
    await page.locator('#cs-classlink-client_secret').blur();
    const secret = page.locator('#cs-classlink-client_secret-error');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/env:NAME/);
    await screenshot(page, '10a-customer-edit-errors');

    // Nothing was saved: the customer still has its own district.
    await visit(page, `/settings/customers/${CEDAR.customer_id}`);
    expect(await page.locator('section.summary').textContent()).toContain('#9921');
    await visit(page, '/settings/customers/pine-valley-ps');
    expect(await page.locator('section.summary').textContent()).toContain('#1003');
  });
});
