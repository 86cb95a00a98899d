import { stat } from 'node:fs/promises';
import { testFtpConnection } from '../connectors/ftp/fetch-newest-bundle';
import { testOneRosterConnection } from '../connectors/oneroster-api/test-connection';
import { loadOneRosterBundle } from '../connectors/oneroster-csv/load-bundle';
import type { CredentialResolver } from '../connectors/secrets/credential-resolver';
import { AppError } from '../errors';
import type { CustomerSettings } from '../settings/customer-settings-schema';
import { resolveSourcePlan, type SecretSetting, type SourceKind, type SourcePlan } from '../settings/source-plan';
import type { UploadedBundles } from './source-rosters';

export interface SourceConnectionStep {
  /** settings, credentials; then per kind: open/read (CSV, upload), connect/login/list/download (FTP), reach/authenticate/read (REST, ClassLink). */
  name: string;
  ok: boolean;
  /** One sentence for the settings screen: what happened, or what to fix. Never a secret. */
  message: string;
  durationMs: number;
}

export interface SourceConnectionReport {
  /** Every step passed. */
  ok: boolean;
  /** The source a tool would read now (an upload wins over the settings). */
  kind: SourceKind;
  /** e.g. `OneRoster 1.1 REST (oauth1) at https://…/ims/oneroster/v1p1`. */
  description: string;
  steps: SourceConnectionStep[];
}

export interface TestSourceConnectionOptions {
  settings: CustomerSettings;
  credentials: CredentialResolver;
  /** Where an FTP test downloads the newest bundle (a good test warms the source cache). */
  ftpCacheDir: string;
  /** Uploaded bundles: when the district has one, that is what is tested. */
  uploads?: UploadedBundles;
}

/**
 * Tests the source a customer's tools read, step by step, the way the settings screen shows
 * it: the settings name a source, its secret resolves, then the source's own checks (reach the
 * server, authenticate, read one page; or open and read a bundle). Never rejects for a failing
 * source: each step says ok or what went wrong, and steps after a failure are not run.
 */
export async function testSourceConnection(options: TestSourceConnectionOptions): Promise<SourceConnectionReport> {
  const steps: SourceConnectionStep[] = [];
  const timed = async <T>(name: string, work: () => Promise<T>, describe: (value: T) => string): Promise<T | null> => {
    const started = performance.now();
    try {
      const value = await work();
      steps.push({ name, ok: true, message: describe(value), durationMs: elapsed(started) });
      return value;
    } catch (error) {
      steps.push({ name, ok: false, message: messageOf(error), durationMs: elapsed(started) });
      return null;
    }
  };
  const report = (kind: SourceKind, description: string): SourceConnectionReport => ({
    ok: steps.length > 0 && steps.every((step) => step.ok),
    kind,
    description,
    steps,
  });

  const { settings } = options;
  const plan = await timed(
    'settings',
    async () => {
      const uploadedBundlePath =
        settings.bookmarkedOrgId && options.uploads ? await options.uploads.latestBundlePath(settings.bookmarkedOrgId) : null;
      const found = resolveSourcePlan(settings, { uploadedBundlePath });
      if (found.kind === 'none') throw new AppErrorLike(`No usable source: ${found.reason}.`);
      return found;
    },
    (found) => `The settings name ${describePlan(found)}.`,
  );
  if (!plan) return report('none', 'no usable source');
  const description = describePlan(plan);

  switch (plan.kind) {
    case 'upload':
    case 'csv': {
      const label = plan.kind === 'upload' ? 'the uploaded bundle' : 'oneroster.csv_path';
      const found = await timed(
        'open',
        () => stat(plan.bundlePath),
        (info) => `Found ${label} (${info.isDirectory() ? 'a folder' : `${info.size} bytes`}).`,
      );
      if (!found) return report(plan.kind, description);
      await timed(
        'read',
        () => loadOneRosterBundle({ path: plan.bundlePath }),
        (bundle) =>
          `Read a OneRoster ${bundle.version} bundle: ${bundle.schools.size} schools, ${bundle.people.size} people, ${bundle.classes.size} classes.`,
      );
      return report(plan.kind, description);
    }
    case 'ftp': {
      const password = plan.password ? await secretStep(plan.password, plan.customerId) : '';
      if (password === null) return report(plan.kind, description);
      const ftpSteps = await testFtpConnection({
        host: plan.host,
        port: plan.port,
        username: plan.username ?? 'anonymous',
        password,
        path: plan.path ?? '/',
        secure: plan.secure,
        customerId: plan.customerId,
        cacheDir: options.ftpCacheDir,
      });
      for (const step of ftpSteps) {
        steps.push({ name: step.step, ok: step.ok, message: step.message, durationMs: step.durationMs ?? 0 });
      }
      return report(plan.kind, description);
    }
    case 'oneroster-api':
    case 'classlink': {
      const clientSecret = await secretStep(plan.clientSecret, plan.customerId);
      if (clientSecret === null) return report(plan.kind, description);
      const restSteps = await timedOrThrown(() => testOneRosterConnection({ source: { ...plan, clientSecret } }));
      for (const step of restSteps) {
        steps.push({ name: step.step, ok: step.ok, message: step.message, durationMs: step.durationMs ?? 0 });
      }
      return report(plan.kind, description);
    }
  }

  /** Resolves a secret reference as a step; null (step failed) when it cannot. */
  async function secretStep(secret: SecretSetting, customerId: string): Promise<string | null> {
    const value = await timed(
      'credentials',
      async () => {
        const resolved = await options.credentials.resolve(secret.reference, { field: secret.field, customerId });
        if (resolved === null) throw new AppErrorLike(`${secret.field} is empty.`);
        return resolved;
      },
      () => `${secret.field} resolved from ${secret.reference.slice(0, secret.reference.indexOf(':'))}:.`,
    );
    return value;
  }

  /** Settings the connector refuses (a bad api_url) are a failed `reach` step, not an exception. */
  async function timedOrThrown<T extends { step: string; ok: boolean; message: string }[]>(work: () => Promise<T>) {
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      return [{ step: 'reach', ok: false, message: messageOf(error), durationMs: elapsed(started) }];
    }
  }
}

/** For the report: which source, where. */
export function describePlan(plan: SourcePlan): string {
  switch (plan.kind) {
    case 'upload':
      return 'an uploaded OneRoster bundle';
    case 'csv':
      return `a OneRoster CSV bundle at ${plan.bundlePath}`;
    case 'ftp':
      return `an FTP${plan.secure ? 'S' : ''} drop at ${plan.host}:${plan.port}${plan.path ?? '/'}`;
    case 'oneroster-api':
      return `the OneRoster ${plan.version} REST API (${plan.auth}) at ${plan.apiUrl}`;
    case 'classlink':
      return `ClassLink (${plan.mode}) at ${plan.apiUrl}`;
    case 'none':
      return 'no usable source';
  }
}

class AppErrorLike extends Error {}

function messageOf(error: unknown): string {
  if (error instanceof AppError || error instanceof AppErrorLike) return error.message;
  // Anything else is ours; its message may hold internals.
  return 'The check failed unexpectedly; see the gateway log.';
}

const elapsed = (started: number) => Math.round(performance.now() - started);
