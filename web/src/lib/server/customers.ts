import {
  WebCustomerDocument,
  type WebCustomerSettingsFragment,
  WebCustomersDocument,
  WebImportCustomerSettingsDocument,
  WebSaveCustomerSettingsDocument,
  type WebSettingsProblemFragment,
} from '@cdt/schema';
import type { Client } from '@urql/core';
import type { CustomerRow, SettingsFile } from '$lib/customer-settings';
import { describeGraphQLError, isForbidden } from '$lib/graphql/client';

/**
 * Customer settings through the gateway's settings API (read: support and admins; write:
 * admins). Secret fields are references in every answer, never values.
 */

export type SettingsProblem = WebSettingsProblemFragment;
export type CustomerListItem = CustomerRow & { fileName: string; file: SettingsFile };

export interface CustomerList {
  customers: CustomerListItem[];
  problems: SettingsProblem[];
  /** The viewer's role may not read settings (viewers). */
  forbidden: boolean;
  error: string | null;
}

const fromNode = (node: WebCustomerSettingsFragment): CustomerListItem => ({
  ...node,
  file: (node.file ?? {}) as SettingsFile,
});

export async function listCustomers(client: Client): Promise<CustomerList> {
  const result = await client.query(WebCustomersDocument, {}).toPromise();
  if (result.data) {
    return {
      customers: result.data.customers.map(fromNode),
      problems: result.data.customerSettingsProblems,
      forbidden: false,
      error: null,
    };
  }
  return { customers: [], problems: [], forbidden: isForbidden(result.error), error: describeGraphQLError(result.error) };
}

export async function getCustomer(
  client: Client,
  customerId: string,
): Promise<{ customer: CustomerListItem | null; forbidden: boolean; error: string | null }> {
  const result = await client.query(WebCustomerDocument, { customerId }).toPromise();
  if (result.data)
    return {
      customer: result.data.customerSettings ? fromNode(result.data.customerSettings) : null,
      forbidden: false,
      error: null,
    };
  return { customer: null, forbidden: isForbidden(result.error), error: describeGraphQLError(result.error) };
}

export type SaveResult = { ok: true; customerId: string } | { ok: false; problems: SettingsProblem[]; message: string | null };

export async function saveCustomer(
  client: Client,
  options: { file: SettingsFile; fileName?: string | null; dryRun?: boolean },
): Promise<SaveResult> {
  const result = await client
    .mutation(WebSaveCustomerSettingsDocument, {
      input: { file: options.file, fileName: options.fileName ?? null, dryRun: options.dryRun ?? false },
    })
    .toPromise();
  const saved = result.data?.saveCustomerSettings;
  if (saved?.ok) return { ok: true, customerId: saved.settings?.customerId ?? String(options.file.customer_id ?? '') };
  if (saved) return { ok: false, problems: saved.problems, message: null };
  return { ok: false, problems: [], message: describeGraphQLError(result.error) ?? 'The gateway did not answer.' };
}

export async function importCustomers(
  client: Client,
  options: { files: SettingsFile[]; dryRun: boolean },
): Promise<{ ok: boolean; problems: SettingsProblem[]; saved: { customerId: string }[]; message: string | null }> {
  const result = await client.mutation(WebImportCustomerSettingsDocument, options).toPromise();
  if (result.data) return { ...result.data.importCustomerSettings, message: null };
  return { ok: false, problems: [], saved: [], message: describeGraphQLError(result.error) ?? 'The gateway did not answer.' };
}

/** Gateway problems keyed by field path for the form; problems about the whole file under `file`. */
export const problemsByField = (problems: readonly SettingsProblem[]) =>
  Object.fromEntries(problems.map((p) => [p.field ?? 'file', p.message]));
