import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AppSecrets } from './app-secrets';
import { GATEWAY_PORT, httpHealthCheckCommand, WEB_HEALTH_PATH, WEB_PORT } from './service-contract';
import type { DeploymentSettings } from './settings';

export interface WebServiceProps {
  cluster: ecs.ICluster;
  settings: DeploymentSettings;
  repository: ecr.IRepository;
  logGroup: logs.ILogGroup;
  secrets: AppSecrets;
  /** The gateway's GraphQL endpoint inside the VPC (GATEWAY_URL). */
  gatewayUrl: string;
  gatewaySecurityGroup: ec2.ISecurityGroup;
}

/**
 * The SvelteKit web app (adapter-node) on Fargate, in private subnets. It holds no
 * database credentials: it signs in users through the gateway's /auth routes and calls
 * /graphql as them, over the VPC. Its task role grants nothing.
 */
export class WebService extends Construct {
  readonly service: ecs.FargateService;
  readonly container: ecs.ContainerDefinition;
  readonly taskRole: iam.Role;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const { settings, secrets } = props;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: 'Web app tasks',
      allowAllOutbound: false,
    });
    // HTTPS anywhere: the SSO issuer (OIDC discovery, tokens) and the AWS APIs (ECR, Secrets Manager, Logs) through NAT.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS: SSO issuer, AWS APIs');
    this.securityGroup.connections.allowTo(props.gatewaySecurityGroup, ec2.Port.tcp(GATEWAY_PORT), 'Web server to the gateway');

    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Customer Data Tools web app: no AWS permissions',
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: settings.web.cpu,
      memoryLimitMiB: settings.web.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.of(settings.cpuArchitecture),
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      taskRole: this.taskRole,
    });

    const environment: Record<string, string> = {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: String(WEB_PORT),
      // TLS ends at the load balancer: without ORIGIN, SvelteKit would see http:// and refuse form posts.
      ORIGIN: `https://${settings.webDomainName}`,
      ADDRESS_HEADER: 'x-forwarded-for',
      XFF_DEPTH: '1',
      GATEWAY_URL: props.gatewayUrl,
      // Bundle uploads pass through the web server on their way to the gateway (which enforces the limit).
      BODY_SIZE_LIMIT: `${settings.sourceUploadMaxMiB + 1}M`,
    };
    const secretEnvironment: Record<string, ecs.Secret> = {
      AUTH_SECRET: ecs.Secret.fromSecretsManager(secrets.auth),
      WEB_SESSION_SECRET: ecs.Secret.fromSecretsManager(secrets.webSession),
    };
    if (settings.oidc.issuer && settings.oidc.clientId && secrets.oidcClientSecret) {
      environment.OIDC_ISSUER = settings.oidc.issuer;
      environment.OIDC_CLIENT_ID = settings.oidc.clientId;
      if (settings.oidc.name) environment.OIDC_NAME = settings.oidc.name;
      secretEnvironment.OIDC_CLIENT_SECRET = ecs.Secret.fromSecretsManager(secrets.oidcClientSecret);
    }

    this.container = taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromEcrRepository(props.repository, settings.images.tag),
      essential: true,
      portMappings: [{ name: 'http', containerPort: WEB_PORT, protocol: ecs.Protocol.TCP }],
      environment,
      secrets: secretEnvironment,
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.logGroup,
        streamPrefix: 'web',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
      healthCheck: {
        command: httpHealthCheckCommand(WEB_PORT, WEB_HEALTH_PATH),
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(20),
      },
      linuxParameters: new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true }),
      stopTimeout: Duration.seconds(30),
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: settings.web.desiredCount,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
  }
}
