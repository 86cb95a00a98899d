import { WebProbeBookmarkedDocument } from '@cdt/schema';
import type { Client } from '@urql/core';
import type { CustomerRow, SettingsFile } from '$lib/customer-settings';
import { describeGraphQLError } from '$lib/graphql/client';
import {
  CUSTOMER_QUERY,
  CUSTOMERS_QUERY,
  type CustomerData,
  type CustomerSettingsNode,
  type CustomersData,
  IMPORT_CUSTOMERS_MUTATION,
  type ImportCustomersData,
  isMissingField,
  SAVE_CUSTOMER_MUTATION,
  type SaveCustomerData,
  type SettingsProblem,
} from '$lib/graphql/proposed';

/**
 * Customer settings through the gateway. The settings CRUD fields are not in the gateway yet
 * (web/GATEWAY-NEEDS.md): until they are, the list is read from the districts the settings
 * link to, and the pages say that editing waits for the gateway.
 */

export type CustomerListItem = CustomerRow & { districtName: string | null; file: SettingsFile | null };

export interface CustomerList {
  customers: CustomerListItem[];
  problems: SettingsProblem[];
  /** False until the gateway offers the settings fields. */
  editable: boolean;
  error: string | null;
}

const fromNode = (node: CustomerSettingsNode): CustomerListItem => ({ ...node, file: node.file });

export async function listCustomers(client: Client): Promise<CustomerList> {
  const result = await client.query<CustomersData>(CUSTOMERS_QUERY, {}).toPromise();
  if (result.data) {
    return {
      customers: result.data.customers.map(fromNode),
      problems: result.data.customerSettingsProblems,
      editable: true,
      error: null,
    };
  }
  if (!isMissingField(result.error))
    return { customers: [], problems: [], editable: false, error: describeGraphQLError(result.error) };

  const byId = new Map<string, CustomerListItem>();
  let error: string | null = null;
  for (const environment of ['STAGING', 'PRODUCTION'] as const) {
    const probe = await client.query(WebProbeBookmarkedDocument, { environment }).toPromise();
    if (!probe.data) {
      error ??= describeGraphQLError(probe.error);
      continue;
    }
    for (const district of probe.data.districts.nodes) {
      const c = district.customer;
      if (!c || byId.has(c.customerId)) continue;
      byId.set(c.customerId, {
        customerId: c.customerId,
        customerName: c.customerName,
        districtName: c.districtName ?? district.name,
        integrationType: null,
        environment: c.environment,
        bookmarkedOrgId: district.id,
        active: c.active,
        sourceKind: c.sourceKind,
        file: null,
      });
    }
  }
  return {
    customers: [...byId.values()].sort((a, b) => a.customerId.localeCompare(b.customerId)),
    problems: [],
    editable: false,
    error,
  };
}

export async function getCustomer(
  client: Client,
  customerId: string,
): Promise<{ customer: CustomerListItem | null; editable: boolean; error: string | null }> {
  const result = await client.query<CustomerData>(CUSTOMER_QUERY, { customerId }).toPromise();
  if (result.data)
    return {
      customer: result.data.customerSettings ? fromNode(result.data.customerSettings) : null,
      editable: true,
      error: null,
    };
  if (!isMissingField(result.error)) return { customer: null, editable: false, error: describeGraphQLError(result.error) };
  const list = await listCustomers(client);
  return { customer: list.customers.find((c) => c.customerId === customerId) ?? null, editable: false, error: list.error };
}

export type SaveResult =
  | { ok: true; customerId: string }
  | { ok: false; problems: SettingsProblem[]; message: string | null; unavailable?: boolean };

export async function saveCustomer(
  client: Client,
  options: { file: SettingsFile; fileName?: string | null; dryRun?: boolean },
): Promise<SaveResult> {
  const result = await client
    .mutation<SaveCustomerData>(SAVE_CUSTOMER_MUTATION, {
      input: { file: options.file, fileName: options.fileName ?? null, dryRun: options.dryRun ?? false },
    })
    .toPromise();
  const saved = result.data?.saveCustomerSettings;
  if (saved?.ok) return { ok: true, customerId: saved.settings?.customerId ?? String(options.file.customer_id ?? '') };
  if (saved) return { ok: false, problems: saved.problems, message: null };
  return {
    ok: false,
    problems: [],
    message: isMissingField(result.error)
      ? 'Saving settings needs the gateway’s saveCustomerSettings mutation, which is not there yet.'
      : describeGraphQLError(result.error),
    unavailable: isMissingField(result.error),
  };
}

export async function importCustomers(client: Client, options: { files: SettingsFile[]; dryRun: boolean }) {
  const result = await client.mutation<ImportCustomersData>(IMPORT_CUSTOMERS_MUTATION, options).toPromise();
  if (result.data) return { ...result.data.importCustomerSettings, message: null };
  return {
    ok: false,
    problems: [] as SettingsProblem[],
    saved: [] as { customerId: string }[],
    message: isMissingField(result.error)
      ? 'Importing needs the gateway’s importCustomerSettings mutation, which is not there yet.'
      : describeGraphQLError(result.error),
  };
}

/** Gateway problems (`file (field): message`) keyed by field path for the form. */
export const problemsByField = (problems: readonly SettingsProblem[]) =>
  Object.fromEntries(problems.map((p) => [p.field ?? 'file', p.message]));
