import { dirname, isAbsolute, resolve } from 'node:path';
import type { SecretReference } from '../connectors/secrets/secret-reference';
import type { ClassLinkMode, CustomerSettings, OneRosterAuth, OneRosterVersion } from './customer-settings-schema';

/**
 * A secret still as a reference, with the settings field that holds it: the credential
 * resolver takes both (`resolve(reference, { field, customerId })`) so its errors can name
 * the field as the file spells it.
 */
export interface SecretSetting {
  reference: SecretReference;
  /** e.g. `ftp.password`, `oneroster.api_key`. */
  field: string;
}

interface PlanBase {
  customerId: string;
}

export type SourcePlan =
  | (PlanBase & {
      kind: 'upload';
      /** Absolute path of the uploaded bundle (folder or .zip). */
      bundlePath: string;
    })
  | (PlanBase & {
      kind: 'csv';
      /** Absolute path of `oneroster.csv_path`. */
      bundlePath: string;
    })
  | (PlanBase & {
      kind: 'ftp';
      host: string;
      port: number;
      username: string | null;
      password: SecretSetting | null;
      path: string | null;
      secure: boolean;
    })
  | (PlanBase & {
      kind: 'oneroster-api';
      apiUrl: string;
      version: OneRosterVersion;
      auth: OneRosterAuth;
      clientId: string;
      clientSecret: SecretSetting;
      /** Set when `auth` is `oauth2`. */
      tokenUrl: string | null;
    })
  | (PlanBase & {
      kind: 'classlink';
      mode: ClassLinkMode;
      apiUrl: string;
      tenantId: string | null;
      /** Set in `direct` mode (the OAuth 1.0a consumer key). */
      clientId: string | null;
      clientSecret: SecretSetting;
    })
  | (PlanBase & {
      kind: 'none';
      /** What to change in the settings file, for a support engineer. */
      reason: string;
    });

export type SourceKind = SourcePlan['kind'];

/**
 * Which source a tool reads for a customer (contract: shared/contract/README.md): an uploaded
 * bundle if there is one, else the first enabled of `oneroster.csv_path`, FTP, OneRoster
 * REST, ClassLink. The first enabled one is the answer even when it is incomplete: then the
 * plan is `none` with the missing fields, rather than quietly reading another system.
 * Secrets stay references.
 */
export function resolveSourcePlan(settings: CustomerSettings, options: { uploadedBundlePath?: string | null } = {}): SourcePlan {
  const customerId = settings.customerId;
  const none = (reason: string): SourcePlan => ({ customerId, kind: 'none', reason });
  const { oneroster, ftp, classlink } = settings;

  if (options.uploadedBundlePath) {
    return { customerId, kind: 'upload', bundlePath: resolve(options.uploadedBundlePath) };
  }

  if (oneroster.enabled && oneroster.csvPath !== null) {
    const bundlePath = isAbsolute(oneroster.csvPath) ? oneroster.csvPath : resolve(dirname(settings.filePath), oneroster.csvPath);
    return { customerId, kind: 'csv', bundlePath };
  }

  if (ftp.enabled) {
    if (ftp.host === null) return none('ftp is enabled but ftp.host is empty');
    return {
      customerId,
      kind: 'ftp',
      host: ftp.host,
      port: ftp.port,
      username: ftp.username,
      password: ftp.password === null ? null : { reference: ftp.password, field: 'ftp.password' },
      path: ftp.path,
      secure: ftp.secure,
    };
  }

  if (oneroster.enabled) {
    const missing = [
      oneroster.apiUrl === null ? 'oneroster.api_url (or oneroster.csv_path for a CSV bundle)' : null,
      oneroster.clientId === null ? 'oneroster.client_id' : null,
      oneroster.clientSecret === null ? 'oneroster.client_secret' : null,
      oneroster.auth === 'oauth2' && oneroster.tokenUrl === null ? 'oneroster.token_url (auth is oauth2)' : null,
    ].filter((field) => field !== null);
    if (oneroster.apiUrl === null || oneroster.clientId === null || oneroster.clientSecret === null || missing.length > 0) {
      return none(`oneroster is enabled but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty`);
    }
    return {
      customerId,
      kind: 'oneroster-api',
      apiUrl: oneroster.apiUrl,
      version: oneroster.version,
      auth: oneroster.auth,
      clientId: oneroster.clientId,
      clientSecret: { reference: oneroster.clientSecret, field: `oneroster.${oneroster.clientSecretKey}` },
      tokenUrl: oneroster.auth === 'oauth2' ? oneroster.tokenUrl : null,
    };
  }

  if (classlink.enabled) {
    const missing = [
      classlink.apiUrl === null ? 'classlink.api_url' : null,
      classlink.mode === 'direct' && classlink.clientId === null ? 'classlink.client_id (mode is direct)' : null,
      classlink.clientSecret === null ? 'classlink.client_secret' : null,
    ].filter((field) => field !== null);
    if (classlink.apiUrl === null || classlink.clientSecret === null || missing.length > 0) {
      return none(`classlink is enabled but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty`);
    }
    return {
      customerId,
      kind: 'classlink',
      mode: classlink.mode,
      apiUrl: classlink.apiUrl,
      tenantId: classlink.tenantId,
      clientId: classlink.clientId,
      clientSecret: { reference: classlink.clientSecret, field: `classlink.${classlink.clientSecretKey}` },
    };
  }

  return none('no source is enabled: enable one of oneroster (with csv_path or api_url), ftp or classlink, or upload a bundle');
}
