import { ArnFormat, Aws, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { APP_DATABASE_NAME, type AppDatabase } from './app-database';
import type { AppSecrets } from './app-secrets';
import {
  GATEWAY_DATA_DIR,
  GATEWAY_LIVENESS_PATH,
  GATEWAY_PORT,
  GATEWAY_SETTINGS_DIR,
  httpHealthCheckCommand,
} from './service-contract';
import type { DeploymentSettings } from './settings';
import type { SharedFiles } from './shared-files';

export interface GatewayServiceProps {
  cluster: ecs.ICluster;
  settings: DeploymentSettings;
  repository: ecr.IRepository;
  logGroup: logs.ILogGroup;
  secrets: AppSecrets;
  database: AppDatabase;
  files: SharedFiles;
  /** Cloud Map name; the web server reaches the gateway at `http://<name>.<namespace>:4000`. */
  discoveryName: string;
}

/**
 * The GraphQL gateway on Fargate, in private subnets. Secrets reach the container only
 * through the task definition's `secrets` (read by the execution role at start); the task
 * role may read nothing but the customer-settings secrets that `aws-sm:` references name,
 * and mount the shared data volume (and, with `tracing=xray`, send traces to X-Ray through
 * the collector tracing-collector.ts adds). ECS Exec is on, for the CLI (tokens, users).
 */
export class GatewayService extends Construct {
  readonly service: ecs.FargateService;
  readonly container: ecs.ContainerDefinition;
  readonly taskRole: iam.Role;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: GatewayServiceProps) {
    super(scope, id);
    const { settings, secrets, database, files } = props;
    const vpc = props.cluster.vpc;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'GraphQL gateway tasks',
      allowAllOutbound: false,
    });
    // HTTPS anywhere: HubSpot, OneRoster and ClassLink APIs, and the AWS APIs (ECR, Secrets Manager, Logs) through NAT.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS: SIS and HubSpot APIs, AWS APIs');
    for (const replica of settings.bookmarkedReplicas) {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(replica.cidr), ec2.Port.tcp(replica.port), 'Bookmarked read replica');
    }
    if (settings.ftpEgress) {
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(21), 'FTP/FTPS control: customer roster drops');
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcpRange(1024, 65_535), 'FTP passive data connections');
    }
    database.instance.connections.allowDefaultPortFrom(this.securityGroup, 'Gateway to the app database');
    files.fileSystem.connections.allowDefaultPortFrom(this.securityGroup, 'Gateway to its data volume');

    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Customer Data Tools gateway: aws-sm: customer secrets and its data volume only',
    });
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadCustomerSettingsSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          Stack.of(this).formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${settings.customerSecretPrefix}*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    files.fileSystem.grant(this.taskRole, 'elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite');

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: settings.gateway.cpu,
      memoryLimitMiB: settings.gateway.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.of(settings.cpuArchitecture),
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      taskRole: this.taskRole,
      volumes: [
        {
          name: 'data',
          efsVolumeConfiguration: {
            fileSystemId: files.fileSystem.fileSystemId,
            transitEncryption: 'ENABLED',
            authorizationConfig: { accessPointId: files.accessPoint.accessPointId, iam: 'ENABLED' },
          },
        },
      ],
    });

    const secret = ecs.Secret.fromSecretsManager;
    const optionalSecrets: Record<string, ecs.Secret> = {};
    const optionalEnvironment: Record<string, string> = {};
    const addSecret = (name: string, value: Parameters<typeof secret>[0] | undefined) => {
      if (value) optionalSecrets[name] = secret(value);
    };
    const addEnvironment = (name: string, value: string | number | undefined) => {
      if (value !== undefined) optionalEnvironment[name] = String(value);
    };
    addSecret('BOOKMARKED_STAGING_DATABASE_URL', secrets.bookmarkedStagingDatabaseUrl);
    addSecret('BOOKMARKED_PRODUCTION_DATABASE_URL', secrets.bookmarkedProductionDatabaseUrl);
    addSecret('HUBSPOT_ACCESS_TOKEN', secrets.hubspotAccessToken);
    addSecret('HUBSPOT_CLIENT_SECRET', secrets.hubspotClientSecret);
    addEnvironment('HUBSPOT_CLIENT_ID', settings.hubspot.clientId);
    addEnvironment('HUBSPOT_REDIRECT_URI', settings.hubspot.redirectUri);
    addEnvironment('HUBSPOT_API_BASE_URL', settings.hubspot.apiBaseUrl);
    addEnvironment('BOOKMARKED_STATEMENT_TIMEOUT_MS', settings.bookmarkedStatementTimeoutMs);
    addEnvironment('SOURCE_UPLOAD_MAX_BYTES', settings.sourceUploadMaxMiB * 1024 * 1024);
    addEnvironment('OIDC_DEFAULT_ROLE', settings.oidc.defaultRole);

    this.container = taskDefinition.addContainer('gateway', {
      image: ecs.ContainerImage.fromEcrRepository(props.repository, settings.images.tag),
      essential: true,
      portMappings: [{ name: 'http', containerPort: GATEWAY_PORT, protocol: ecs.Protocol.TCP }],
      environment: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        GATEWAY_HOST: '0.0.0.0',
        GATEWAY_PORT: String(GATEWAY_PORT),
        // The image's entrypoint joins these and the two secrets below into APP_DATABASE_URL
        // (the generated password is letters and digits only, so it needs no escaping).
        APP_DATABASE_HOST: database.instance.dbInstanceEndpointAddress,
        APP_DATABASE_PORT: database.instance.dbInstanceEndpointPort,
        APP_DATABASE_NAME,
        CUSTOMER_SETTINGS_DIR: GATEWAY_SETTINGS_DIR,
        AWS_REGION: Aws.REGION,
        ...optionalEnvironment,
      },
      secrets: {
        APP_DATABASE_USER: secret(database.secret, 'username'),
        APP_DATABASE_PASSWORD: secret(database.secret, 'password'),
        WEB_SESSION_SECRET: secret(secrets.webSession),
        ...optionalSecrets,
      },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.logGroup,
        streamPrefix: 'gateway',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
      healthCheck: {
        command: httpHealthCheckCommand(GATEWAY_PORT, GATEWAY_LIVENESS_PATH),
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        // Migrations run before the listener opens.
        startPeriod: Duration.seconds(60),
      },
      linuxParameters: new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true }),
      stopTimeout: Duration.seconds(30),
    });
    this.container.addMountPoints({ sourceVolume: 'data', containerPath: GATEWAY_DATA_DIR, readOnly: false });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: settings.gateway.desiredCount,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      enableExecuteCommand: true,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(120),
      cloudMapOptions: { name: props.discoveryName, dnsTtl: Duration.seconds(10) },
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
  }
}
