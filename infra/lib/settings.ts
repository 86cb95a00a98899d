import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Everything a deployment decides, read from CDK context (`cdk.json`, `cdk.context.json` or
 * `cdk deploy -c key=value`). Nothing here is looked up in an AWS account, so `cdk synth`
 * runs offline. Secrets are never context values: only the names of Secrets Manager secrets.
 */
export interface DeploymentSettings {
  /** Prefix of resource names: log groups `/<prefix>/…`, secrets `<prefix>/…`, ECR repositories `<prefix>-…`. */
  prefix: string;
  /** Target account and region; unset, the stacks are environment-agnostic (the CLI's defaults at deploy time). */
  account?: string;
  region?: string;
  /** Availability zones of the VPC; unset, the first two of the region (no lookup either way). */
  availabilityZones?: string[];
  vpcCidr: string;
  natGateways: number;
  /** ACM certificate covering webDomainName and gatewayDomainName, in the stack's region. */
  certificateArn: string;
  /** Host name of the web app (the browser's address). */
  webDomainName: string;
  /** Host name of the GraphQL gateway (automation scripts, `Authorization: Bearer <token>`). */
  gatewayDomainName: string;
  /** A Route 53 public hosted zone to create the two alias records in; unset, DNS is yours to point at the load balancer. */
  hostedZone?: { id: string; name: string };
  /** Who may reach the load balancer (both ports). Narrow it to an office or VPN range for an internal tool. */
  allowedCidrs: string[];
  /** ALB security policy of the HTTPS listener. */
  sslPolicy: string;
  images: { gatewayRepositoryName: string; webRepositoryName: string; tag: string };
  /** The Bookmarked read replicas the gateway may reach (security group egress), e.g. `10.20.0.0/16:5432`. */
  bookmarkedReplicas: { cidr: string; port: number }[];
  /** Let the gateway reach customers' FTP/FTPS drops (tcp 21 and passive ports 1024-65535, anywhere). */
  ftpEgress: boolean;
  /** Names of Secrets Manager secrets you create before deploying (plain string values); unset, not configured. */
  secretNames: {
    bookmarkedStagingDatabaseUrl?: string;
    bookmarkedProductionDatabaseUrl?: string;
    hubspotAccessToken?: string;
    hubspotClientSecret?: string;
    oidcClientSecret?: string;
  };
  /** Secrets the gateway may read for `aws-sm:` references in customer settings: names starting with this. */
  customerSecretPrefix: string;
  hubspot: { clientId?: string; redirectUri?: string; apiBaseUrl?: string };
  oidc: { issuer?: string; clientId?: string; name?: string; defaultRole?: string };
  bookmarkedStatementTimeoutMs?: number;
  /** Largest uploaded OneRoster bundle; the gateway enforces it, the web server lets it through. */
  sourceUploadMaxMiB: number;
  database: {
    instanceClass: string;
    allocatedStorageGiB: number;
    maxAllocatedStorageGiB: number;
    backupRetentionDays: number;
    multiAz: boolean;
    deletionProtection: boolean;
  };
  gateway: { cpu: number; memoryMiB: number; desiredCount: number };
  web: { cpu: number; memoryMiB: number; desiredCount: number };
  cpuArchitecture: 'X86_64' | 'ARM64';
  logRetention: RetentionDays;
  /** Alarm notifications go to an SNS topic; this address is subscribed to it when set. */
  alarmEmail?: string;
  /** Tool runs that fail (throw) within 15 minutes before the alarm fires. */
  toolFailureAlarmThreshold: number;
  /**
   * OpenTelemetry export of the gateway's spans: `off` (no collector, the gateway traces
   * nothing), or `xray`: an AWS Distro for OpenTelemetry collector beside the gateway
   * (tracing-collector.ts) sending them to AWS X-Ray.
   */
  tracing: { mode: TracingMode; collectorImage: string };
}

export const TRACING_MODES = ['off', 'xray'] as const;
export type TracingMode = (typeof TRACING_MODES)[number];

/**
 * The ADOT collector release the sidecar runs: a pinned tag, so a deployment never changes
 * collector under it. `tracingCollectorImage` overrides it (a newer tag, or a mirror in ECR).
 */
export const DEFAULT_TRACING_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1';
/** An image reference with a tag other than `latest`, or a digest. */
const PINNED_IMAGE = /^[a-z0-9][a-z0-9._/-]*(:[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}|@sha256:[0-9a-f]{64})$/;

/**
 * Values for `-c example=true`: a complete, obviously fake deployment so CI can synthesize
 * and test the templates. Never deploy it: the certificate and the domain do not exist.
 */
export const EXAMPLE_CONTEXT: Readonly<Record<string, string>> = {
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
  webDomainName: 'tools.example.com',
  gatewayDomainName: 'api.tools.example.com',
  imageTag: 'example',
  bookmarkedReplicas: '10.20.0.0/16:5432,10.21.0.0/16:5432',
  hubspotAccessTokenSecret: 'cdt/hubspot/access-token',
  hubspotClientSecretSecret: 'cdt/hubspot/client-secret',
  hubspotClientId: 'example-client-id',
  hubspotRedirectUri: 'https://tools.example.com/hubspot/callback',
  oidcIssuer: 'https://login.example.com',
  oidcClientId: 'example-client-id',
  oidcClientSecretSecret: 'cdt/oidc/client-secret',
  alarmEmail: 'oncall@example.com',
};

const RETENTION_DAYS = new Set(Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'));
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const CIDR = /^(\d{1,3})(\.\d{1,3}){3}\/\d{1,2}$/;
/** Writing `none` (or an empty value) for a secret name turns that secret off. */
const OFF = new Set(['', 'none', 'false']);

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/**
 * Reads and checks the deployment settings. `get` is the context reader
 * (`(key) => app.node.tryGetContext(key)`); values from `-c` arrive as strings, values from
 * `cdk.json` may be JSON. Every problem is reported at once, naming the context key.
 */
export function readDeploymentSettings(get: (key: string) => unknown): DeploymentSettings {
  const example = bool(get('example'), false);
  const read = (key: string): unknown => {
    const value = get(key);
    return value === undefined && example ? EXAMPLE_CONTEXT[key] : value;
  };
  const problems: string[] = [];
  const required = (key: string, what: string): string => {
    const value = text(read(key));
    if (!value) problems.push(`${key} is required: ${what} (cdk deploy -c ${key}=...).`);
    return value ?? '';
  };
  const number = (key: string, fallback: number, min: number, max: number): number => {
    const raw = read(key);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}; found "${String(raw)}".`);
      return fallback;
    }
    return value;
  };
  const secretName = (key: string, fallback?: string): string | undefined => {
    const raw = read(key);
    const value = raw === undefined ? fallback : text(raw);
    if (value === undefined || OFF.has(value)) return undefined;
    if (!SECRET_NAME.test(value))
      problems.push(`${key} must be a Secrets Manager secret name (letters, digits, /_+=.@-); found "${value}".`);
    return value;
  };

  const prefix = text(read('prefix')) ?? 'cdt';
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(prefix))
    problems.push(`prefix must be 2-21 lowercase letters, digits or "-"; found "${prefix}".`);

  const region = text(read('region'));
  const availabilityZones = list(read('availabilityZones'));
  const certificateArn = required('certificateArn', 'the ACM certificate ARN covering webDomainName and gatewayDomainName');
  if (certificateArn && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(certificateArn)) {
    problems.push(
      `certificateArn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID); found "${certificateArn}".`,
    );
  }

  const bookmarkedReplicas = list(read('bookmarkedReplicas')).map((entry) => {
    const [cidr = '', port = '5432'] = entry.split(':');
    if (!CIDR.test(cidr) || !/^\d{1,5}$/.test(port) || Number(port) > 65_535) {
      problems.push(`bookmarkedReplicas entries must look like 10.20.0.0/16:5432; found "${entry}".`);
    }
    return { cidr, port: Number(port) };
  });
  const allowedCidrs = list(read('allowedCidrs'));
  for (const cidr of allowedCidrs)
    if (!CIDR.test(cidr)) problems.push(`allowedCidrs entries must be IPv4 CIDRs; found "${cidr}".`);

  const customerSecretPrefix = text(read('customerSecretPrefix')) ?? `${prefix}/customers/`;
  // A prefix without its trailing "/" would also grant cdt/customers-other/...: the policy is `<prefix>*`.
  if (!/^[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)*\/$/.test(customerSecretPrefix)) {
    problems.push(
      `customerSecretPrefix must be a secret name path ending in "/", like cdt/customers/; found "${customerSecretPrefix}".`,
    );
  }

  const logRetentionDays = number('logRetentionDays', 90, 1, 3653);
  if (!RETENTION_DAYS.has(logRetentionDays)) {
    problems.push(
      `logRetentionDays must be one of CloudWatch's values (${[...RETENTION_DAYS].join(', ')}); found ${logRetentionDays}.`,
    );
  }

  const sslPolicy = text(read('sslPolicy')) ?? 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';
  // The TLS 1.3 policy families whose minimum is TLS 1.2 or 1.3: never one that accepts TLS 1.0 or 1.1.
  if (!/^ELBSecurityPolicy-TLS13-1-[23]-/.test(sslPolicy)) {
    problems.push(`sslPolicy must be an ELB TLS 1.3 policy with TLS 1.2 or 1.3 as the minimum; found "${sslPolicy}".`);
  }

  const hostedZoneId = text(read('hostedZoneId'));
  const hostedZoneName = text(read('hostedZoneName'));
  if (Boolean(hostedZoneId) !== Boolean(hostedZoneName))
    problems.push('hostedZoneId and hostedZoneName go together: set both or neither.');

  const cpuArchitecture = text(read('cpuArchitecture')) ?? 'X86_64';
  if (cpuArchitecture !== 'X86_64' && cpuArchitecture !== 'ARM64')
    problems.push(`cpuArchitecture must be X86_64 or ARM64; found "${cpuArchitecture}".`);

  const tracingMode = (text(read('tracing')) ?? 'off').toLowerCase();
  if (!(TRACING_MODES as readonly string[]).includes(tracingMode))
    problems.push(`tracing must be one of ${TRACING_MODES.join(', ')}; found "${tracingMode}".`);
  const collectorImage = text(read('tracingCollectorImage')) ?? DEFAULT_TRACING_COLLECTOR_IMAGE;
  if (!PINNED_IMAGE.test(collectorImage) || collectorImage.endsWith(':latest')) {
    problems.push(
      `tracingCollectorImage must be an image with a pinned tag or digest (not :latest), like ${DEFAULT_TRACING_COLLECTOR_IMAGE}; found "${collectorImage}".`,
    );
  }

  const settings: DeploymentSettings = {
    prefix,
    account: text(read('account')),
    region,
    availabilityZones: availabilityZones.length > 0 ? availabilityZones : region ? [`${region}a`, `${region}b`] : undefined,
    vpcCidr: text(read('vpcCidr')) ?? '10.40.0.0/16',
    natGateways: number('natGateways', 1, 1, 3),
    certificateArn,
    webDomainName: required('webDomainName', 'the web app host name, e.g. tools.example.com'),
    gatewayDomainName: required('gatewayDomainName', 'the GraphQL gateway host name, e.g. api.tools.example.com'),
    hostedZone: hostedZoneId && hostedZoneName ? { id: hostedZoneId, name: hostedZoneName } : undefined,
    allowedCidrs: allowedCidrs.length > 0 ? allowedCidrs : ['0.0.0.0/0'],
    sslPolicy,
    images: {
      gatewayRepositoryName: text(read('gatewayRepositoryName')) ?? `${prefix}-gateway`,
      webRepositoryName: text(read('webRepositoryName')) ?? `${prefix}-web`,
      tag: required('imageTag', 'the image tag CI pushed to both ECR repositories, e.g. the git commit'),
    },
    bookmarkedReplicas,
    ftpEgress: bool(read('ftpEgress'), true),
    secretNames: {
      bookmarkedStagingDatabaseUrl: secretName('bookmarkedStagingSecret', `${prefix}/bookmarked/staging-database-url`),
      bookmarkedProductionDatabaseUrl: secretName('bookmarkedProductionSecret', `${prefix}/bookmarked/production-database-url`),
      hubspotAccessToken: secretName('hubspotAccessTokenSecret'),
      hubspotClientSecret: secretName('hubspotClientSecretSecret'),
      oidcClientSecret: secretName('oidcClientSecretSecret'),
    },
    customerSecretPrefix,
    hubspot: {
      clientId: text(read('hubspotClientId')),
      redirectUri: text(read('hubspotRedirectUri')),
      apiBaseUrl: text(read('hubspotApiBaseUrl')),
    },
    oidc: {
      issuer: text(read('oidcIssuer')),
      clientId: text(read('oidcClientId')),
      name: text(read('oidcName')),
      defaultRole: text(read('oidcDefaultRole')),
    },
    bookmarkedStatementTimeoutMs:
      read('bookmarkedStatementTimeoutMs') === undefined
        ? undefined
        : number('bookmarkedStatementTimeoutMs', 15_000, 100, 600_000),
    sourceUploadMaxMiB: number('sourceUploadMaxMiB', 200, 1, 2_048),
    database: {
      instanceClass: text(read('dbInstanceClass')) ?? 't4g.micro',
      allocatedStorageGiB: number('dbAllocatedStorageGiB', 20, 20, 6_000),
      maxAllocatedStorageGiB: number('dbMaxAllocatedStorageGiB', 100, 20, 6_000),
      backupRetentionDays: number('dbBackupRetentionDays', 7, 1, 35),
      multiAz: bool(read('dbMultiAz'), false),
      deletionProtection: bool(read('dbDeletionProtection'), true),
    },
    gateway: {
      cpu: number('gatewayCpu', 512, 256, 4096),
      memoryMiB: number('gatewayMemoryMiB', 1024, 512, 30_720),
      desiredCount: number('gatewayDesiredCount', 1, 0, 10),
    },
    web: {
      cpu: number('webCpu', 256, 256, 4096),
      memoryMiB: number('webMemoryMiB', 512, 512, 30_720),
      desiredCount: number('webDesiredCount', 1, 0, 10),
    },
    cpuArchitecture: cpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64',
    logRetention: logRetentionDays as RetentionDays,
    alarmEmail: text(read('alarmEmail')),
    toolFailureAlarmThreshold: number('toolFailureAlarmThreshold', 5, 1, 10_000),
    tracing: { mode: tracingMode === 'xray' ? 'xray' : 'off', collectorImage },
  };
  if (settings.database.maxAllocatedStorageGiB < settings.database.allocatedStorageGiB) {
    problems.push('dbMaxAllocatedStorageGiB must be at least dbAllocatedStorageGiB.');
  }
  if (settings.hubspot.clientId && !settings.secretNames.hubspotClientSecret) {
    problems.push('hubspotClientId needs hubspotClientSecretSecret (the secret holding the OAuth app client secret).');
  }
  const sso = [settings.oidc.issuer, settings.oidc.clientId, settings.secretNames.oidcClientSecret];
  if (sso.some(Boolean) && !sso.every(Boolean)) {
    problems.push('Company SSO needs oidcIssuer, oidcClientId and oidcClientSecretSecret together.');
  }
  if (problems.length > 0)
    throw new SettingsError(`Deployment settings (CDK context) are incomplete:\n- ${problems.join('\n- ')}`);
  return settings;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

function bool(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  return ['true', '1', 'yes'].includes(String(value).trim().toLowerCase());
}

/** A JSON array from cdk.json, or a comma-separated string from `-c`. */
function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
