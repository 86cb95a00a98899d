import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import { AppDatabase } from './app-database';
import { AppSecrets } from './app-secrets';
import { GatewayService } from './gateway-service';
import { LoadBalancer } from './load-balancer';
import { Network } from './network';
import { Observability } from './observability';
import { GATEWAY_PORT } from './service-contract';
import type { DeploymentSettings } from './settings';
import { SharedFiles } from './shared-files';
import { addXRayCollector } from './tracing-collector';
import { WebService } from './web-service';

export interface CustomerDataToolsStackProps extends StackProps {
  settings: DeploymentSettings;
}

/** Private DNS name of the gateway inside the VPC (Cloud Map). */
const DISCOVERY_NAMESPACE = 'cdt.internal';
const GATEWAY_DISCOVERY_NAME = 'gateway';

/**
 * Customer Data Tools in one account: the gateway and the web app on ECS Fargate behind an
 * HTTPS-only load balancer, the app database on RDS PostgreSQL, every secret in Secrets
 * Manager, logs with retention, metrics and alarms. Builds offline: nothing is looked up.
 */
export class CustomerDataToolsStack extends Stack {
  private readonly zones?: string[];

  constructor(scope: Construct, id: string, props: CustomerDataToolsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.zones = settings.availabilityZones;
    const { prefix } = settings;

    const { vpc } = new Network(this, 'Network', {
      cidr: settings.vpcCidr,
      natGateways: settings.natGateways,
      logRetention: settings.logRetention,
      flowLogGroupName: `/${prefix}/vpc-rejected-flows`,
    });
    const secrets = new AppSecrets(this, 'Secrets', { prefix, secretNames: settings.secretNames });
    const database = new AppDatabase(this, 'AppDatabase', {
      vpc,
      settings: settings.database,
      instanceIdentifier: `${prefix}-app-database`,
      secretName: `${prefix}/app-database`,
      logRetention: settings.logRetention,
    });
    const files = new SharedFiles(this, 'SharedFiles', { vpc });

    const logGroup = (id: string, name: string) =>
      new logs.LogGroup(this, id, {
        logGroupName: `/${prefix}/${name}`,
        retention: settings.logRetention,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    const gatewayLogs = logGroup('GatewayLogs', 'gateway');
    const webLogs = logGroup('WebLogs', 'web');
    // ECS Exec sessions (the CLI: tokens, users) are recorded here; the task role may write to this group only.
    const execLogs = logGroup('ExecLogs', 'ecs-exec');

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      defaultCloudMapNamespace: { name: DISCOVERY_NAMESPACE, type: servicediscovery.NamespaceType.DNS_PRIVATE, vpc },
      executeCommandConfiguration: {
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: { cloudWatchLogGroup: execLogs },
      },
    });

    const gateway = new GatewayService(this, 'Gateway', {
      cluster,
      settings,
      repository: ecr.Repository.fromRepositoryName(this, 'GatewayRepository', settings.images.gatewayRepositoryName),
      logGroup: gatewayLogs,
      secrets,
      database,
      files,
      discoveryName: GATEWAY_DISCOVERY_NAME,
    });
    if (settings.tracing.mode === 'xray') {
      addXRayCollector({
        taskDefinition: gateway.container.taskDefinition,
        tracedContainer: gateway.container,
        taskRole: gateway.taskRole,
        image: settings.tracing.collectorImage,
        logGroup: logGroup('CollectorLogs', 'otel-collector'),
      });
    }
    const web = new WebService(this, 'Web', {
      cluster,
      settings,
      repository: ecr.Repository.fromRepositoryName(this, 'WebRepository', settings.images.webRepositoryName),
      logGroup: webLogs,
      secrets,
      gatewayUrl: `http://${GATEWAY_DISCOVERY_NAME}.${DISCOVERY_NAMESPACE}:${GATEWAY_PORT}/graphql`,
      gatewaySecurityGroup: gateway.securityGroup,
    });

    const loadBalancer = new LoadBalancer(this, 'LoadBalancer', { vpc, settings, gateway, web });
    const observability = new Observability(this, 'Observability', {
      prefix,
      gatewayLogGroup: gatewayLogs,
      alb: loadBalancer.alb,
      targetGroups: [
        { name: 'Gateway', group: loadBalancer.gatewayTargets },
        { name: 'Web', group: loadBalancer.webTargets },
      ],
      database: database.instance,
      alarmEmail: settings.alarmEmail,
      toolFailureAlarmThreshold: settings.toolFailureAlarmThreshold,
    });

    new CfnOutput(this, 'LoadBalancerDnsName', {
      value: loadBalancer.alb.loadBalancerDnsName,
      description: `Point ${settings.webDomainName} and ${settings.gatewayDomainName} here (CNAME or alias)`,
    });
    new CfnOutput(this, 'WebUrl', { value: `https://${settings.webDomainName}/` });
    new CfnOutput(this, 'GatewayUrl', { value: `https://${settings.gatewayDomainName}/graphql` });
    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'GatewayServiceName', { value: gateway.service.serviceName });
    new CfnOutput(this, 'WebServiceName', { value: web.service.serviceName });
    new CfnOutput(this, 'AppDatabaseSecretName', { value: `${prefix}/app-database` });
    new CfnOutput(this, 'AlarmTopicArn', { value: observability.topic.topicArn });
  }

  /**
   * With a concrete account and region, the CDK would ask the account for its zones (a
   * context lookup, so no offline synth): the zones come from the settings instead.
   */
  override get availabilityZones(): string[] {
    return this.zones ?? super.availabilityZones;
  }
}
