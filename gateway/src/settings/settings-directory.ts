import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SettingsError } from '../errors';
import type { CustomerSettings } from './customer-settings-schema';
import { type LoadedCustomerSettings, loadCustomerSettings } from './load-customer-settings';
import {
  type SaveCustomerSettingsResult,
  type SaveManyCustomerSettingsResult,
  type SettingsToSave,
  saveCustomerSettings,
  saveManyCustomerSettings,
} from './save-customer-settings';

/** `customer-integration-settings/` at the repository root. */
export const DEFAULT_SETTINGS_DIR = fileURLToPath(new URL('../../../customer-integration-settings/', import.meta.url));

/** The settings folder: CUSTOMER_SETTINGS_DIR (relative to the working directory) or the default. */
export function settingsDirFromEnv(options: { env: Record<string, string | undefined> }): string {
  const configured = options.env.CUSTOMER_SETTINGS_DIR?.trim();
  return configured ? resolve(configured) : DEFAULT_SETTINGS_DIR;
}

export interface SettingsDirectory {
  readonly dir: string;
  /** The customer whose `bookmarked_org_id` is this Bookmarked district id. */
  byDistrictId(districtId: string): Promise<CustomerSettings | null>;
  byCustomerId(customerId: string): Promise<CustomerSettings | null>;
  all(): Promise<CustomerSettings[]>;
  problems(): Promise<SettingsError[]>;
  /** Reads the folder again; until then every answer comes from the last read. */
  reload(): Promise<void>;
  /** Saves one customer's settings (see saveCustomerSettings) and reloads when it was written. */
  save(options: { settings: SettingsToSave; fileName?: string; dryRun?: boolean }): Promise<SaveCustomerSettingsResult>;
  /** Saves several, all or nothing (see saveManyCustomerSettings), and reloads when they were written. */
  saveMany(options: {
    items: readonly { settings: SettingsToSave; fileName?: string }[];
    dryRun?: boolean;
  }): Promise<SaveManyCustomerSettingsResult>;
}

interface SettingsIndex {
  loaded: LoadedCustomerSettings;
  byDistrictId: Map<string, CustomerSettings>;
  byCustomerId: Map<string, CustomerSettings>;
}

/**
 * An index over the settings folder, read on first use and cached until `reload()`, so a
 * request never touches the disk for settings. Concurrent first calls share one read.
 */
export function createSettingsDirectory(options: { dir: string }): SettingsDirectory {
  const dir = resolve(options.dir);
  let index: Promise<SettingsIndex> | null = null;

  const read = async (): Promise<SettingsIndex> => {
    const loaded = await loadCustomerSettings({ dir });
    return {
      loaded,
      byDistrictId: new Map(
        loaded.customers.flatMap((customer) => (customer.bookmarkedOrgId === null ? [] : [[customer.bookmarkedOrgId, customer]])),
      ),
      byCustomerId: new Map(loaded.customers.map((customer) => [customer.customerId, customer])),
    };
  };
  const current = (): Promise<SettingsIndex> => {
    index ??= read();
    return index;
  };

  const reload = async (): Promise<void> => {
    const next = read();
    index = next;
    await next;
  };

  return {
    dir,
    async byDistrictId(districtId) {
      return (await current()).byDistrictId.get(canonicalDistrictId(districtId)) ?? null;
    },
    async byCustomerId(customerId) {
      return (await current()).byCustomerId.get(customerId) ?? null;
    },
    async all() {
      return [...(await current()).loaded.customers];
    },
    async problems() {
      return [...(await current()).loaded.problems];
    },
    reload,
    async save({ settings, fileName, dryRun }) {
      const result = await saveCustomerSettings({ dir, settings, fileName, dryRun });
      if (result.ok && !dryRun) await reload();
      return result;
    },
    async saveMany({ items, dryRun }) {
      const result = await saveManyCustomerSettings({ dir, items, dryRun });
      if (result.ok && !dryRun) await reload();
      return result;
    },
  };
}

// Ids are bigints: "01001" and "1001" are the same district, as the loader stores them.
function canonicalDistrictId(districtId: string): string {
  const trimmed = districtId.trim();
  return /^\d{1,19}$/.test(trimmed) ? BigInt(trimmed).toString() : trimmed;
}
