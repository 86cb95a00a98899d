/**
 * Operations the web app needs that the gateway does not offer yet (web/GATEWAY-NEEDS.md has
 * the SDL). They are plain documents with hand-written types; when the gateway adds the fields,
 * move each to schema/documents/web/*.graphql and import the generated document instead.
 * Until then the pages detect the missing field ("Cannot query field") and fall back.
 */

export interface SettingsProblem {
  file: string;
  field: string | null;
  message: string;
}

export interface CustomerSettingsNode {
  customerId: string;
  customerName: string | null;
  districtName: string | null;
  integrationType: string | null;
  environment: 'STAGING' | 'PRODUCTION' | null;
  bookmarkedOrgId: string | null;
  active: boolean;
  sourceKind: string;
  fileName: string;
  /** The settings file (contract format); secret fields hold references only. */
  file: Record<string, unknown>;
}

const CUSTOMER_FIELDS = `customerId customerName districtName integrationType environment bookmarkedOrgId active sourceKind fileName file`;

export const CUSTOMERS_QUERY = `query WebCustomers { customers { ${CUSTOMER_FIELDS} } customerSettingsProblems { file field message } }`;
export type CustomersData = { customers: CustomerSettingsNode[]; customerSettingsProblems: SettingsProblem[] };

export const CUSTOMER_QUERY = `query WebCustomer($customerId: String!) { customerSettings(customerId: $customerId) { ${CUSTOMER_FIELDS} } }`;
export type CustomerData = { customerSettings: CustomerSettingsNode | null };

export const SAVE_CUSTOMER_MUTATION = `mutation WebSaveCustomerSettings($input: SaveCustomerSettingsInput!) {
  saveCustomerSettings(input: $input) { ok problems { file field message } settings { ${CUSTOMER_FIELDS} } }
}`;
export type SaveCustomerData = {
  saveCustomerSettings: { ok: boolean; problems: SettingsProblem[]; settings: CustomerSettingsNode | null };
};

export const IMPORT_CUSTOMERS_MUTATION = `mutation WebImportCustomerSettings($files: JSON!, $dryRun: Boolean) {
  importCustomerSettings(files: $files, dryRun: $dryRun) { ok problems { file field message } saved { customerId } }
}`;
export type ImportCustomersData = {
  importCustomerSettings: { ok: boolean; problems: SettingsProblem[]; saved: { customerId: string }[] };
};

export type ConnectionStatus = 'OK' | 'MISSING' | 'FAILING' | 'UNTESTED';

export interface ConnectionNode {
  id: string;
  kind: string;
  name: string;
  environment: 'STAGING' | 'PRODUCTION' | null;
  status: ConnectionStatus;
  configured: boolean;
  detail: string | null;
  lastTestedAt: string | null;
  lastError: string | null;
  neededBy: string[];
}

const CONNECTION_FIELDS = `id kind name environment status configured detail lastTestedAt lastError neededBy`;
export const CONNECTIONS_QUERY = `query WebConnections { connections { ${CONNECTION_FIELDS} } }`;
export type ConnectionsData = { connections: ConnectionNode[] };
export const TEST_CONNECTION_MUTATION = `mutation WebTestConnection($id: ID!) { testConnection(id: $id) { ${CONNECTION_FIELDS} } }`;
export type TestConnectionData = { testConnection: ConnectionNode };

export const TEST_CUSTOMER_MUTATION = `mutation WebTestCustomerConnection($customerId: String!) {
  testCustomerConnection(customerId: $customerId) { ok status message checkedAt durationMs details }
}`;
export type TestCustomerData = {
  testCustomerConnection: {
    ok: boolean;
    status: ConnectionStatus;
    message: string;
    checkedAt: string;
    durationMs: number;
    details: string[];
  };
};

/** The gateway answered that a field does not exist: the feature is not there yet. */
export const isMissingField = (error: { graphQLErrors?: { message: string }[] } | null | undefined) =>
  error?.graphQLErrors?.some((e) => e.message.startsWith('Cannot query field')) ?? false;
