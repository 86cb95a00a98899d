import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LOG_EVENT_METRICS, type LogEventMetric, METRIC_NAMESPACE } from '../lib/log-events';
import { containerDefinitions, exampleTemplates, resourcesOf } from './example-app';

const { tools: template, images: repositories } = exampleTemplates();

describe('health checks', () => {
  const byName = Object.fromEntries(containerDefinitions(template).map(({ container }) => [container.Name, container]));

  it('checks each container from inside: GET /health on the gateway, GET /healthz on the web app', () => {
    expect(byName.gateway?.HealthCheck?.Command.join(' ')).toContain('http://127.0.0.1:4000/health');
    expect(byName.web?.HealthCheck?.Command.join(' ')).toContain('http://127.0.0.1:3000/healthz');
    for (const container of Object.values(byName)) expect(container.HealthCheck?.Command[0]).toBe('CMD');
  });

  it('sends load balancer traffic to a gateway task only while GET /ready answers 200', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 4000,
      TargetType: 'ip',
      HealthCheckPath: '/ready',
      Matcher: { HttpCode: '200' },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 3000, HealthCheckPath: '/healthz' });
  });

  it('listens on all interfaces in the container; the web app finds the gateway by private DNS', () => {
    const env = (name: string) => Object.fromEntries((byName[name]?.Environment ?? []).map((v) => [v.Name, v.Value]));
    expect(env('gateway')).toMatchObject({ GATEWAY_HOST: '0.0.0.0', GATEWAY_PORT: '4000', NODE_ENV: 'production' });
    expect(env('web')).toMatchObject({
      HOST: '0.0.0.0',
      PORT: '3000',
      ORIGIN: 'https://tools.example.com',
      GATEWAY_URL: 'http://gateway.cdt.internal:4000/graphql',
    });
  });

  it('lets a 200 MB bundle upload through the web server to the gateway, which enforces the limit', () => {
    const env = (name: string) => Object.fromEntries((byName[name]?.Environment ?? []).map((v) => [v.Name, v.Value]));
    expect(env('gateway').SOURCE_UPLOAD_MAX_BYTES).toBe(String(200 * 1024 * 1024));
    expect(env('web').BODY_SIZE_LIMIT).toBe('201M');
  });

  it('mounts the shared data volume where the gateway keeps settings and uploads', () => {
    expect(byName.gateway?.MountPoints).toEqual([{ ContainerPath: '/app/.data', SourceVolume: 'data', ReadOnly: false }]);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [
        Match.objectLike({
          Name: 'data',
          EFSVolumeConfiguration: Match.objectLike({
            TransitEncryption: 'ENABLED',
            AuthorizationConfig: Match.objectLike({ IAM: 'ENABLED' }),
          }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::EFS::FileSystem', { Encrypted: true });
  });

  it('enables ECS Exec (for the CLI) on the gateway only, and rolls back failed deployments', () => {
    const services = Object.entries(resourcesOf(template, 'AWS::ECS::Service'));
    expect(services.filter(([, service]) => service.Properties.EnableExecuteCommand).map(([id]) => id)).toEqual([
      expect.stringMatching(/^Gateway/),
    ]);
    for (const [, service] of services) {
      expect(service.Properties.DeploymentConfiguration).toMatchObject({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      });
    }
  });
});

describe('logs', () => {
  it('sets a retention on every log group', () => {
    const groups = Object.entries(resourcesOf(template, 'AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(5);
    for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBe(90);
    // A CDK LogRetention custom resource would mean a group created outside the template.
    template.resourceCountIs('Custom::LogRetention', 0);
  });

  it('sends both containers to their own log group', () => {
    for (const { container } of containerDefinitions(template)) {
      expect(container.LogConfiguration?.LogDriver).toBe('awslogs');
      expect(JSON.stringify(container.LogConfiguration?.Options['awslogs-group'])).toMatch(
        new RegExp(`${container.Name}Logs`, 'i'),
      );
    }
  });
});

describe('metrics and alarms', () => {
  it('turns the gateway log events into metrics: tool duration, tool runs, failures, source errors, rate-limit hits', () => {
    for (const metric of Object.values(LOG_EVENT_METRICS) as LogEventMetric[]) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: Match.stringLikeRegexp('^GatewayLogs') },
        FilterPattern: `{ $.event = "${metric.event}" }`,
        MetricTransformations: [
          Match.objectLike({
            MetricNamespace: METRIC_NAMESPACE,
            MetricName: metric.metricName,
            MetricValue: metric.valueField ?? '1',
          }),
        ],
      });
    }
  });

  it('alarms on 5xx rate, unhealthy targets, tool failures, database CPU and free storage, all notifying one topic', () => {
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    const names = alarms.map((alarm) => alarm.Properties.AlarmName).sort();
    expect(names).toEqual(
      [
        'cdt-http-5xx-rate',
        'cdt-gateway-unhealthy-hosts',
        'cdt-web-unhealthy-hosts',
        'cdt-tool-failures',
        'cdt-app-database-cpu',
        'cdt-app-database-free-storage',
      ].sort(),
    );
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions, String(alarm.Properties.AlarmName)).toEqual([
        { Ref: expect.stringMatching(/^ObservabilityAlarms/) },
      ]);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cdt-http-5xx-rate',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('target5xx') })]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cdt-tool-failures',
      Namespace: METRIC_NAMESPACE,
      MetricName: 'ToolFailures',
      Statistic: 'Sum',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cdt-app-database-cpu',
      Namespace: 'AWS/RDS',
      MetricName: 'CPUUtilization',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cdt-app-database-free-storage',
      MetricName: 'FreeStorageSpace',
      ComparisonOperator: 'LessThanThreshold',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});

describe('image repositories', () => {
  it('creates one ECR repository per image, with immutable tags and scanning on push', () => {
    for (const name of ['cdt-gateway', 'cdt-web']) {
      repositories.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
      });
    }
  });

  it('runs the services from those repositories at the configured tag (no image is built at synth)', () => {
    const images = containerDefinitions(template).map(({ container }) =>
      JSON.stringify((container as { Image?: unknown }).Image),
    );
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image).toMatch(/\.dkr\.ecr\./);
      expect(image).toMatch(/cdt-(gateway|web):example"/);
    }
  });
});
