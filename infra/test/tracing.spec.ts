import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readDeploymentSettings } from '../lib/settings';
import { COLLECTOR_OTLP_ENDPOINT, XRAY_WRITE_ACTIONS } from '../lib/tracing-collector';
import { containerDefinitions, exampleApp, exampleTemplate, resourcesOf } from './example-app';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Effect: string };
const statementsOf = (template: Template, policyLogicalIdPattern: RegExp) =>
  Object.entries(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter(([id]) => policyLogicalIdPattern.test(id))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

const gatewayContainers = (template: Template) => {
  const gateway = containerDefinitions(template).find(({ container }) => container.Name === 'gateway');
  if (!gateway) throw new Error('no gateway container');
  return containerDefinitions(template)
    .filter(({ taskId }) => taskId === gateway.taskId)
    .map(({ container }) => container);
};
const environmentOf = (container: { Environment?: { Name: string; Value: unknown }[] }) =>
  Object.fromEntries((container.Environment ?? []).map(({ Name, Value }) => [Name, Value]));

describe('tracing off (the default)', () => {
  const template = exampleTemplate();

  it('runs no collector and sets no OTLP endpoint, so the gateway traces nothing', () => {
    expect(gatewayContainers(template).map((container) => container.Name)).toEqual(['gateway']);
    for (const { container } of containerDefinitions(template)) {
      expect(Object.keys(environmentOf(container)).filter((name) => name.startsWith('OTEL_'))).toEqual([]);
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/xray:|aws-otel-collector|otel-collector/);
  });
});

describe('tracing=xray', () => {
  const template = Template.fromStack(exampleApp({ tracing: 'xray' }).tools);
  const containers = gatewayContainers(template);
  const collector = containers.find((container) => container.Name === 'otel-collector') as
    | (ReturnType<typeof gatewayContainers>[number] & Record<string, unknown>)
    | undefined;
  const gateway = containers.find((container) => container.Name === 'gateway') as
    | (ReturnType<typeof gatewayContainers>[number] & Record<string, unknown>)
    | undefined;

  it('adds the ADOT collector beside the gateway: a pinned image, the X-Ray configuration, not essential', () => {
    expect(containers.map((container) => container.Name).sort()).toEqual(['gateway', 'otel-collector']);
    expect(collector).toMatchObject({
      Image: expect.stringMatching(/^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/),
      Command: ['--config=/etc/ecs/ecs-xray.yaml'],
      Essential: false,
      HealthCheck: { Command: ['CMD', '/healthcheck'] },
    });
    // No port of the collector is published to the load balancer or the VPC.
    expect(collector?.PortMappings ?? []).toEqual([]);
  });

  it('points the gateway at it, and starts the gateway after it', () => {
    expect(environmentOf(gateway ?? {})).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: COLLECTOR_OTLP_ENDPOINT });
    expect(COLLECTOR_OTLP_ENDPOINT).toBe('http://localhost:4318');
    expect(gateway?.DependsOn).toEqual([{ ContainerName: 'otel-collector', Condition: 'START' }]);
  });

  it('logs the collector to its own CloudWatch log group, with the same retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/cdt/otel-collector', RetentionInDays: 90 });
    expect(collector?.LogConfiguration).toMatchObject({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: expect.stringMatching(/^CollectorLogs/) }, 'awslogs-stream-prefix': 'otel-collector' },
    });
  });

  it('lets the gateway task role write to X-Ray with exactly the five named actions, no wildcard action', () => {
    const xray = statementsOf(template, /^GatewayTaskRole/).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('xray:')),
    );
    expect(xray).toHaveLength(1);
    expect(xray[0]).toMatchObject({ Sid: 'WriteXRayTraces', Effect: 'Allow', Resource: '*' });
    expect([xray[0]?.Action].flat().sort()).toEqual([...XRAY_WRITE_ACTIONS].sort());
    for (const statement of statementsOf(template, /.*/)) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
    }
    // Neither the web task role nor the execution roles gain anything.
    expect(statementsOf(template, /^WebTaskRole/)).toEqual([]);
    expect(JSON.stringify(statementsOf(template, /ExecutionRole/))).not.toContain('xray:');
  });
});

describe('tracing settings', () => {
  const read = (context: Record<string, unknown>) => readDeploymentSettings((key) => ({ example: 'true', ...context })[key]);

  it('is off by default, takes xray, and rejects anything else or an unpinned collector image', () => {
    expect(read({}).tracing.mode).toBe('off');
    expect(read({ tracing: 'xray' }).tracing).toEqual({
      mode: 'xray',
      collectorImage: expect.stringMatching(/aws-otel-collector:v/),
    });
    expect(() => read({ tracing: 'jaeger' })).toThrow(/tracing must be one of off, xray; found "jaeger"/);
    for (const image of ['public.ecr.aws/aws-observability/aws-otel-collector', 'amazon/aws-otel-collector:latest']) {
      expect(() => read({ tracing: 'xray', tracingCollectorImage: image }), image).toThrow(/tracingCollectorImage/);
    }
    expect(
      read({ tracingCollectorImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/adot:v0.45.1' }).tracing.collectorImage,
    ).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/adot:v0.45.1');
  });
});
