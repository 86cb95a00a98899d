import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DeploymentSettings } from './settings';

export interface AppSecretsProps {
  prefix: string;
  secretNames: DeploymentSettings['secretNames'];
}

/**
 * Every secret the two services read, all in Secrets Manager. The stack generates the ones
 * nobody needs to know (the web session and Auth.js keys); the ones only you know (database
 * URLs, HubSpot and SSO credentials) you create before deploying, and the stack refers to
 * them by name, so a redeploy never overwrites them. A secret left unnamed is not configured.
 */
export class AppSecrets extends Construct {
  /** WEB_SESSION_SECRET: shared by the web server and the gateway (signed sign-in calls, delegated sessions). */
  readonly webSession: secretsmanager.Secret;
  /** AUTH_SECRET: Auth.js's key for the web app's session cookies. */
  readonly auth: secretsmanager.Secret;
  readonly bookmarkedStagingDatabaseUrl?: secretsmanager.ISecret;
  readonly bookmarkedProductionDatabaseUrl?: secretsmanager.ISecret;
  readonly hubspotAccessToken?: secretsmanager.ISecret;
  readonly hubspotClientSecret?: secretsmanager.ISecret;
  readonly oidcClientSecret?: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const generated = (id: string, name: string, description: string) =>
      new secretsmanager.Secret(this, id, {
        secretName: `${props.prefix}/${name}`,
        description,
        // 64 letters and digits: well above the 32 characters the web app and gateway require.
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.webSession = generated(
      'WebSessionSecret',
      'web-session-secret',
      'WEB_SESSION_SECRET of Customer Data Tools (web server and gateway)',
    );
    this.auth = generated('AuthSecret', 'auth-secret', 'AUTH_SECRET of the Customer Data Tools web app (Auth.js)');

    const named = (id: string, name: string | undefined) =>
      name ? secretsmanager.Secret.fromSecretNameV2(this, id, name) : undefined;
    const { secretNames } = props;
    this.bookmarkedStagingDatabaseUrl = named('BookmarkedStagingDatabaseUrl', secretNames.bookmarkedStagingDatabaseUrl);
    this.bookmarkedProductionDatabaseUrl = named('BookmarkedProductionDatabaseUrl', secretNames.bookmarkedProductionDatabaseUrl);
    this.hubspotAccessToken = named('HubSpotAccessToken', secretNames.hubspotAccessToken);
    this.hubspotClientSecret = named('HubSpotClientSecret', secretNames.hubspotClientSecret);
    this.oidcClientSecret = named('OidcClientSecret', secretNames.oidcClientSecret);
  }
}
