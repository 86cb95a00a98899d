import { createHash } from 'node:crypto';
import { fetchNewestBundle } from '../connectors/ftp/fetch-newest-bundle';
import type { FtpLogger } from '../connectors/ftp/ftp-session';
import type { HttpCallEvent, OneRosterLogger } from '../connectors/oneroster-api/http-transport';
import type { RestRosterReader } from '../connectors/oneroster-api/rest-roster-reader';
import { createClassLinkRosterReader, createOneRosterApiRosterReader } from '../connectors/oneroster-api/source-readers';
import { bundleFingerprint, createBundleCache } from '../connectors/oneroster-csv/bundle-cache';
import { createCsvRosterReader } from '../connectors/oneroster-csv/csv-roster-reader';
import { loadOneRosterBundle } from '../connectors/oneroster-csv/load-bundle';
import type { CredentialResolver } from '../connectors/secrets/credential-resolver';
import type { RosterReader } from '../domain/roster';
import { SourceNotConfiguredError } from '../errors';
import type { SettingsDirectory } from '../settings/settings-directory';
import { resolveSourcePlan, type SourcePlan } from '../settings/source-plan';
import type { SourceRosterProvider } from './roster-views';

/** Source answers are reused for this long per customer; `refresh` bypasses it. */
export const SOURCE_CACHE_TTL_MS = 5 * 60 * 1000;
export const FTP_TIMEOUT_MS = 30_000;

export interface UploadedBundles {
  /** The newest bundle an engineer uploaded for the district, if any (it wins over settings). */
  latestBundlePath(districtId: string): Promise<string | null>;
  /** Told when a district's upload changes, so its cached reader is dropped at once. */
  onChange?(listener: (districtId: string) => void): () => void;
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
  /** Warnings of the REST/ClassLink connectors (retries, fallbacks). */
  logger?: OneRosterLogger & FtpLogger;
  /** Told of every HTTP call to a REST/ClassLink source. */
  onHttpCall?: (event: HttpCallEvent) => void;
}): SourceRosterProvider {
  const ttlMs = deps.ttlMs ?? SOURCE_CACHE_TTL_MS;
  const readers = createBundleCache<RosterReader>({
    ttlMs,
    onBackgroundError: (customerId, error) =>
      deps.logger?.warn(
        { customerId, error: error instanceof Error ? error.name : 'Error' },
        'background re-read of a source bundle failed; serving the previous one',
      ),
  });
  const ftpPaths = new Map<string, { path: string; fetchedAt: number }>();
  // One reader per customer for as long as its API settings and secret are unchanged: the reader
  // owns the source's HTTP client (one concurrency cap), its OAuth token and its 5-minute answer cache.
  const apiReaders = new Map<string, { fingerprint: string; reader: RestRosterReader }>();
  // A new or removed upload takes effect on the next request, not after the TTL.
  deps.uploads?.onChange?.((districtId) => {
    void deps.settings.byDistrictId(districtId).then((customer) => {
      if (customer) readers.delete(customer.customerId);
    });
  });

  async function apiReaderFor(plan: Extract<SourcePlan, { kind: 'oneroster-api' | 'classlink' }>): Promise<RestRosterReader> {
    const clientSecret = await deps.credentials.resolve(plan.clientSecret.reference, {
      field: plan.clientSecret.field,
      customerId: plan.customerId,
    });
    if (clientSecret === null) {
      throw new SourceNotConfiguredError(
        `Customer "${plan.customerId}" has no usable source: ${plan.clientSecret.field} is empty.`,
      );
    }
    // A settings change or a rotated secret gets a new reader (new client, token and caches).
    const fingerprint = createHash('sha256').update(JSON.stringify(plan)).update('\0').update(clientSecret).digest('hex');
    const cached = apiReaders.get(plan.customerId);
    if (cached?.fingerprint === fingerprint) return cached.reader;
    const tuning = { logger: deps.logger, onHttpCall: deps.onHttpCall };
    const reader =
      plan.kind === 'classlink'
        ? createClassLinkRosterReader({ ...plan, clientSecret, ...tuning })
        : createOneRosterApiRosterReader({ ...plan, clientSecret, ...tuning });
    apiReaders.set(plan.customerId, { fingerprint, reader });
    return reader;
  }

  async function planFor(districtId: string): Promise<SourcePlan> {
    const customer = await deps.settings.byDistrictId(districtId);
    if (!customer) {
      throw new SourceNotConfiguredError(
        `No customer settings file has bookmarked_org_id "${districtId}", so the district's SIS data cannot be read. Add one to ${deps.settings.dir}.`,
      );
    }
    return resolveSourcePlan(customer, { uploadedBundlePath: await deps.uploads?.latestBundlePath(districtId) });
  }

  async function bundlePathFor(
    plan: Exclude<SourcePlan, { kind: 'oneroster-api' | 'classlink' }>,
    refresh: boolean,
  ): Promise<{ customerId: string; path: string }> {
    switch (plan.kind) {
      case 'upload':
      case 'csv':
        return { customerId: plan.customerId, path: plan.bundlePath };
      case 'ftp': {
        const cached = ftpPaths.get(plan.customerId);
        if (cached && !refresh && Date.now() - cached.fetchedAt < ttlMs)
          return { customerId: plan.customerId, path: cached.path };
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
          logger: deps.logger,
        });
        ftpPaths.set(plan.customerId, { path, fetchedAt: Date.now() });
        return { customerId: plan.customerId, path };
      }
      case 'none':
        throw new SourceNotConfiguredError(`Customer "${plan.customerId}" has no usable source: ${plan.reason}.`);
    }
  }

  return {
    async readerFor({ districtId, refresh = false }) {
      const plan = await planFor(districtId);
      if (plan.kind === 'oneroster-api' || plan.kind === 'classlink') {
        const reader = await apiReaderFor(plan);
        if (refresh) reader.refresh();
        return reader;
      }
      const { customerId, path } = await bundlePathFor(plan, refresh);
      if (refresh) readers.delete(customerId);
      const fingerprint = await bundleFingerprint({ path });
      return readers.get(customerId, fingerprint, async () => createCsvRosterReader(await loadOneRosterBundle({ path })));
    },
  };
}
