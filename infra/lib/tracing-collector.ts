import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';

/** Where the gateway sends OTLP/HTTP: the collector in the same task (awsvpc: one network namespace). */
export const COLLECTOR_OTLP_ENDPOINT = 'http://localhost:4318';

/**
 * The ADOT collector's bundled configuration for ECS that receives OTLP (gRPC 4317, HTTP
 * 4318) and exports traces to X-Ray; only other containers of the task reach those ports
 * (the gateway's security group admits the load balancer on the gateway's port alone).
 */
export const COLLECTOR_XRAY_CONFIG = '/etc/ecs/ecs-xray.yaml';

/**
 * What the collector needs of X-Ray, as in the AWSXRayDaemonWriteAccess managed policy: send
 * segments and its own telemetry, read sampling rules and targets. X-Ray has no resource-level
 * permissions for these, so the resource is `*`; the actions are named one by one.
 */
export const XRAY_WRITE_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticsSummary',
] as const;

export interface XRayCollectorProps {
  taskDefinition: ecs.TaskDefinition;
  /** The container whose spans are exported: it gets OTEL_EXPORTER_OTLP_ENDPOINT and starts after the collector. */
  tracedContainer: ecs.ContainerDefinition;
  taskRole: iam.IRole;
  /** A pinned image reference (settings.ts checks it). */
  image: string;
  logGroup: logs.ILogGroup;
}

/**
 * Adds the AWS Distro for OpenTelemetry collector as a sidecar exporting the traced
 * container's spans to AWS X-Ray. The collector is not essential: if it stops, the gateway
 * keeps serving and its exporter drops spans; its health check and its log group tell.
 */
export function addXRayCollector(props: XRayCollectorProps): ecs.ContainerDefinition {
  const collector = props.taskDefinition.addContainer('otel-collector', {
    image: ecs.ContainerImage.fromRegistry(props.image),
    essential: false,
    command: [`--config=${COLLECTOR_XRAY_CONFIG}`],
    // A soft reservation out of the task's memory; the gateway keeps the rest.
    memoryReservationMiB: 64,
    logging: ecs.LogDrivers.awsLogs({
      logGroup: props.logGroup,
      streamPrefix: 'otel-collector',
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    }),
    // The image's own probe of the health_check extension the X-Ray configuration enables.
    healthCheck: {
      command: ['CMD', '/healthcheck'],
      interval: Duration.seconds(30),
      timeout: Duration.seconds(5),
      retries: 3,
      startPeriod: Duration.seconds(15),
    },
  });
  props.taskRole.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'WriteXRayTraces', actions: [...XRAY_WRITE_ACTIONS], resources: ['*'] }),
  );
  props.tracedContainer.addEnvironment('OTEL_EXPORTER_OTLP_ENDPOINT', COLLECTOR_OTLP_ENDPOINT);
  // Started first, so the gateway's first spans find a listener.
  props.tracedContainer.addContainerDependencies({ container: collector, condition: ecs.ContainerDependencyCondition.START });
  return collector;
}
