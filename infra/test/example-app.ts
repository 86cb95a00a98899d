import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../lib/app';

// Synthesize under the run's folder (global-setup.ts removes it): an App without an outdir
// leaves a new cdk.out* in the temp folder at every synthesis.
const outdir = process.env.CDT_INFRA_TEST_OUTDIR ?? join(tmpdir(), 'cdt-infra-test');
mkdirSync(outdir, { recursive: true });

/** cdk.json's context (feature flags and defaults), exactly as the CLI would pass it. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../cdk.json', import.meta.url), 'utf8'),
).context;

/** The example deployment (`-c example=true`) with extra context on top. */
export function exampleApp(context: Record<string, unknown> = {}) {
  return createApp({ outdir: mkdtempSync(join(outdir, 'app-')), context: { ...CDK_JSON_CONTEXT, example: 'true', ...context } });
}

let cached: { tools: Template; images: Template } | undefined;
/** The example stacks' templates, synthesized once per test run (vitest.config.ts shares modules between files). */
export function exampleTemplates(): { tools: Template; images: Template } {
  if (!cached) {
    const { tools, images } = exampleApp();
    cached = { tools: Template.fromStack(tools), images: Template.fromStack(images) };
  }
  return cached;
}

export const exampleTemplate = () => exampleTemplates().tools;

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
/** Every resource of `type`, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Container definitions of every task definition, with the task definition's logical id. */
export function containerDefinitions(template: Template) {
  return Object.entries(resourcesOf(template, 'AWS::ECS::TaskDefinition')).flatMap(([taskId, task]) =>
    (task.Properties.ContainerDefinitions as ContainerDefinition[]).map((container) => ({ taskId, container })),
  );
}

export interface ContainerDefinition {
  Name: string;
  Environment?: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
  HealthCheck?: { Command: string[] };
  MountPoints?: { ContainerPath: string; SourceVolume: string }[];
  PortMappings?: { ContainerPort: number }[];
  LogConfiguration?: { LogDriver: string; Options: Record<string, unknown> };
}
