import { describe, expect, it } from 'vitest';
import { APP_STACK_NAME, IMAGES_STACK_NAME } from '../lib/app';
import { readDeploymentSettings, SettingsError } from '../lib/settings';
import { CDK_JSON_CONTEXT, exampleApp } from './example-app';

describe('the CDK app', () => {
  it('synthesizes both stacks in-process, offline, without any context lookup', () => {
    const assembly = exampleApp().app.synth();
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([APP_STACK_NAME, IMAGES_STACK_NAME].sort());
    // A lookup (Vpc.fromLookup, HostedZone.fromLookup, AZs of a concrete env...) leaves "missing" context behind.
    expect(assembly.manifest.missing ?? []).toEqual([]);
    for (const stack of assembly.stacks) {
      expect(Object.keys(stack.template.Resources ?? {}).length).toBeGreaterThan(0);
      // No Docker image or file asset to build or upload beyond the CDK's own custom-resource code.
      expect(
        stack.assets.filter(
          (asset) => 'imageNameOrDigest' in asset || (asset as { packaging?: string }).packaging === 'container-image',
        ),
      ).toEqual([]);
    }
  });

  it('stays lookup-free for a concrete account and region (zones from context, not from the account)', () => {
    const assembly = exampleApp({ account: '123456789012', region: 'eu-west-1' }).app.synth();
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(assembly.getStackByName(APP_STACK_NAME).environment).toMatchObject({ account: '123456789012', region: 'eu-west-1' });
  });

  it('refuses to synthesize a real deployment without its required context, naming every key', () => {
    const context: Record<string, unknown> = { ...CDK_JSON_CONTEXT };
    expect(() => readDeploymentSettings((key) => context[key])).toThrow(SettingsError);
    try {
      readDeploymentSettings((key) => context[key]);
    } catch (error) {
      for (const key of ['certificateArn', 'webDomainName', 'gatewayDomainName', 'imageTag'])
        expect(String(error)).toContain(key);
    }
  });

  it('rejects malformed context values with the key and the expected form', () => {
    const context: Record<string, unknown> = {
      example: 'true',
      bookmarkedReplicas: '10.20.0.0:5432',
      customerSecretPrefix: 'cdt/customers',
      logRetentionDays: '45',
      sslPolicy: 'ELBSecurityPolicy-2016-08',
    };
    expect(() => readDeploymentSettings((key) => context[key])).toThrow(
      /bookmarkedReplicas.*\n.*customerSecretPrefix.*\n.*logRetentionDays.*\n.*sslPolicy/s,
    );
  });

  it('turns an optional secret off with "none"', () => {
    const context: Record<string, unknown> = { example: 'true', bookmarkedStagingSecret: 'none' };
    const settings = readDeploymentSettings((key) => context[key]);
    expect(settings.secretNames.bookmarkedStagingDatabaseUrl).toBeUndefined();
    expect(settings.secretNames.bookmarkedProductionDatabaseUrl).toBe('cdt/bookmarked/production-database-url');
  });
});
