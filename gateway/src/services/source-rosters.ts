import { bundleFingerprint, createBundleCache } from '../connectors/oneroster-csv/bundle-cache';
import { createCsvRosterReader } from '../connectors/oneroster-csv/csv-roster-reader';
import { loadOneRosterBundle } from '../connectors/oneroster-csv/load-bundle';
import type { CredentialResolver } from '../connectors/secrets/credential-resolver';
import { fetchNewestBundle } from '../connectors/ftp/fetch-newest-bundle';
import type { RosterReader } from '../domain/roster';
import { SourceNotConfiguredError } from '../errors';
import type { SettingsDirectory } from '../settings/settings-directory';
import { resolveSourcePlan } from '../settings/source-plan';
import type { SourceRosterProvider } from './roster-views';

/** Source answers are reused for this long per customer; `refresh` bypasses it. */
export const SOURCE_CACHE_TTL_MS = 5 * 60 * 1000;
export const FTP_TIMEOUT_MS = 30_000;

export interface UploadedBundles {
  /** The newest bundle an engineer uploaded for the district, if any (it wins over settings). */
  latestBundlePath(districtId: string): Promise<string | null>;
}

/**
 * Finds and reads the source side of a district: its settings decide the kind (upload, CSV
 * path, FTP drop, OneRoster/ClassLink API); bundles are parsed once per change and cached.
 */
export function createSourceRosterProvider(deps: {
  settings: SettingsDirectory;
  credentials: CredentialResolver;
  ftpCacheDir: string;
  uploads?: UploadedBundles;
  ttlMs?: number;
}): SourceRosterProvider {
  const ttlMs = deps.ttlMs ?? SOURCE_CACHE_TTL_MS;
  const readers = createBundleCache<RosterReader>({ ttlMs });
  const ftpPaths = new Map<string, { path: string; fetchedAt: number }>();

  async function bundlePathFor(districtId: string, refresh: boolean): Promise<{ customerId: string; path: string }> {
    const customer = await deps.settings.byDistrictId(districtId);
    if (!customer) {
      throw new SourceNotConfiguredError(
        `No customer settings file has bookmarked_org_id "${districtId}", so the district's SIS data cannot be read. Add one to ${deps.settings.dir}.`,
      );
    }
    const plan = resolveSourcePlan(customer, { uploadedBundlePath: await deps.uploads?.latestBundlePath(districtId) });
    switch (plan.kind) {
      case 'upload':
      case 'csv':
        return { customerId: plan.customerId, path: plan.bundlePath };
      case 'ftp': {
        const cached = ftpPaths.get(plan.customerId);
        if (cached && !refresh && Date.now() - cached.fetchedAt < ttlMs) return { customerId: plan.customerId, path: cached.path };
        const password = plan.password
          ? await deps.credentials.resolve(plan.password.reference, { field: plan.password.field, customerId: plan.customerId })
          : null;
        const path = await fetchNewestBundle({
          host: plan.host,
          port: plan.port,
          username: plan.username ?? 'anonymous',
          password: password ?? '',
          path: plan.path ?? '/',
          secure: plan.secure,
          cacheDir: deps.ftpCacheDir,
          customerId: plan.customerId,
          timeoutMs: FTP_TIMEOUT_MS,
        });
        ftpPaths.set(plan.customerId, { path, fetchedAt: Date.now() });
        return { customerId: plan.customerId, path };
      }
      case 'oneroster-api':
      case 'classlink':
        throw new SourceNotConfiguredError(
          `Customer "${plan.customerId}" reads its SIS through the ${plan.kind === 'classlink' ? 'ClassLink' : 'OneRoster'} API, which this gateway cannot read yet; upload a OneRoster CSV bundle for the district instead.`,
        );
      case 'none':
        throw new SourceNotConfiguredError(`Customer "${plan.customerId}" has no usable source: ${plan.reason}.`);
    }
  }

  return {
    async readerFor({ districtId, refresh = false }) {
      const { customerId, path } = await bundlePathFor(districtId, refresh);
      if (refresh) readers.delete(customerId);
      const fingerprint = await bundleFingerprint({ path });
      return readers.get(customerId, fingerprint, async () => createCsvRosterReader(await loadOneRosterBundle({ path })));
    },
  };
}
