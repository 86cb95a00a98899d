import type { RosterReader, RosterScan } from '../domain/roster';
import { AppError } from '../errors';
import { LOG_EVENTS } from '../log-events';
import { logEvent } from '../logger';
import type { SettingsDirectory } from '../settings/settings-directory';
import { resolveSourcePlan } from '../settings/source-plan';
import type { SourceRosterProvider } from './roster-views';
import type { UploadedBundles } from './source-rosters';

/** Not a failure of the source: the district has none configured (the answer says so). */
const NOT_A_SOURCE_FAILURE = new Set(['SOURCE_NOT_CONFIGURED']);

/**
 * The source provider, with a `source.error` log event (log-events.ts) for every failure
 * reading a district's SIS data: opening the source (settings, credentials, FTP, bundle
 * parsing) and every later read of its reader (REST and ClassLink calls, scans). One place for
 * every source kind, so connectors need not know about metrics; the event names the source
 * kind and customer from the district's settings, and the error's code, never its message.
 */
export function observeSourceErrors(
  provider: SourceRosterProvider,
  deps: { settings: SettingsDirectory; uploads?: UploadedBundles },
): SourceRosterProvider {
  async function report(districtId: string, operation: string, error: unknown): Promise<void> {
    const code = error instanceof AppError ? error.code : 'ERROR';
    if (NOT_A_SOURCE_FAILURE.has(code)) return;
    const failure = (error as { failure?: unknown } | null)?.failure;
    let source = 'unknown';
    let customerId: string | null = null;
    try {
      const customer = await deps.settings.byDistrictId(districtId);
      if (customer) {
        customerId = customer.customerId;
        const uploadedBundlePath = await deps.uploads?.latestBundlePath(districtId);
        source = resolveSourcePlan(customer, { uploadedBundlePath }).kind;
      }
    } catch {
      // The event still goes out, without the kind: the settings failing is what it reports.
    }
    logEvent(LOG_EVENTS.sourceError, {
      source,
      customerId,
      districtId,
      code,
      ...(typeof failure === 'string' ? { failure } : {}),
      operation,
    });
  }

  return {
    ...provider,
    async readerFor(options) {
      try {
        return observeReader(await provider.readerFor(options), (operation, error) =>
          report(options.districtId, operation, error),
        );
      } catch (error) {
        await report(options.districtId, 'readerFor', error);
        throw error;
      }
    },
  };
}

type Report = (operation: string, error: unknown) => Promise<void>;

/** The reader with every method (and every scan) reporting the failures it rejects with. */
function observeReader(reader: RosterReader, report: Report): RosterReader {
  return new Proxy(reader, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'scan') return observeScan(value as RosterScan, report);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch(async (error: unknown) => {
          await report(String(property), error);
          throw error;
        });
      };
    },
  });
}

function observeScan(scan: RosterScan, report: Report): RosterScan {
  return new Proxy(scan, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => reportingIterable(value.apply(target, args), `scan.${String(property)}`, report);
    },
  });
}

async function* reportingIterable<T>(iterable: AsyncIterable<T>, operation: string, report: Report): AsyncIterable<T> {
  try {
    yield* iterable;
  } catch (error) {
    await report(operation, error);
    throw error;
  }
}
