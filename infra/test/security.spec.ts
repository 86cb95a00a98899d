import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { containerDefinitions, exampleTemplate, resourcesOf } from './example-app';

const template = exampleTemplate();

/** Names that must never be plain `Environment` entries of a container. */
const SECRET_LIKE = /SECRET|PASSWORD|TOKEN|DATABASE_URL|PRIVATE_KEY|API_KEY|CREDENTIAL/i;

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
const statementsOf = (policyLogicalIdPattern: RegExp) =>
  Object.entries(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter(([id]) => policyLogicalIdPattern.test(id))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('HTTPS only', () => {
  it('has exactly two listeners: HTTPS on 443 with the certificate and a TLS 1.2+/1.3 policy, and port 80', () => {
    const listeners = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener'));
    expect(listeners.map((listener) => [listener.Properties.Port, listener.Properties.Protocol]).sort()).toEqual([
      [443, 'HTTPS'],
      [80, 'HTTP'],
    ]);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: Match.stringLikeRegexp('^arn:aws:acm:') }],
      SslPolicy: Match.stringLikeRegexp('^ELBSecurityPolicy-TLS13-1-[23]'),
    });
  });

  it('answers plain HTTP only with a permanent redirect to HTTPS, never by forwarding', () => {
    const httpListeners = Object.entries(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')).filter(
      ([, listener]) => listener.Properties.Protocol === 'HTTP',
    );
    for (const [id, listener] of httpListeners) {
      expect(listener.Properties.DefaultActions).toEqual([
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ]);
      // No listener rule may hang off the HTTP listener (a rule could forward).
      template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: { Ref: id } }, 0);
    }
  });

  it('routes by host name: the gateway host to the gateway, the web host to the web app, anything else 404', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.tools.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('GatewayTargets') } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['tools.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('WebTargets') } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      DefaultActions: [
        Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) }),
      ],
    });
  });

  it('opens only ports 80 and 443 on the load balancer, and drops invalid headers', () => {
    const albGroups = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroup')).filter((group) =>
      String(group.Properties.GroupDescription).startsWith('Load balancer'),
    );
    expect(albGroups).toHaveLength(1);
    const ingress = albGroups[0]!.Properties.SecurityGroupIngress as { FromPort: number; ToPort: number }[];
    expect(new Set(ingress.map((rule) => `${rule.FromPort}-${rule.ToPort}`))).toEqual(new Set(['443-443', '80-80']));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
  });
});

describe('the app database', () => {
  it('is not publicly accessible, is encrypted, keeps backups and is protected from deletion', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      BackupRetentionPeriod: Match.anyValue(),
      DeletionProtection: true,
      DeleteAutomatedBackups: false,
    });
    const instance = Object.values(resourcesOf(template, 'AWS::RDS::DBInstance'))[0]!;
    expect(instance.Properties.BackupRetentionPeriod).toBeGreaterThanOrEqual(7);
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  it('lives in isolated subnets only (no route out of the VPC)', () => {
    const subnetGroups = Object.values(resourcesOf(template, 'AWS::RDS::DBSubnetGroup'));
    expect(subnetGroups).toHaveLength(1);
    const subnetIds = (subnetGroups[0]!.Properties.SubnetIds as { Ref: string }[]).map((ref) => ref.Ref);
    expect(subnetIds.length).toBeGreaterThanOrEqual(2);
    const subnets = resourcesOf(template, 'AWS::EC2::Subnet');
    const routes = Object.values(resourcesOf(template, 'AWS::EC2::Route'));
    const associations = Object.values(resourcesOf(template, 'AWS::EC2::SubnetRouteTableAssociation'));
    for (const id of subnetIds) {
      const tags = subnets[id]?.Properties.Tags as { Key: string; Value: string }[];
      expect(tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Isolated' });
      expect(subnets[id]?.Properties.MapPublicIpOnLaunch).toBe(false);
      const table = associations.find((a) => (a.Properties.SubnetId as { Ref: string }).Ref === id)?.Properties?.RouteTableId as {
        Ref: string;
      };
      expect(routes.filter((route) => (route.Properties.RouteTableId as { Ref: string }).Ref === table.Ref)).toEqual([]);
    }
  });

  it('requires TLS and accepts connections from the gateway only', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).filter((rule) =>
      JSON.stringify(rule.Properties.GroupId).includes('AppDatabaseSecurityGroup'),
    );
    expect(ingress).toHaveLength(1);
    expect(JSON.stringify(ingress[0]!.Properties.SourceSecurityGroupId)).toContain('GatewaySecurityGroup');
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^App database'),
      SecurityGroupIngress: Match.absent(),
    });
  });

  it('gets its credentials from a generated Secrets Manager secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'cdt/app-database',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', SecretStringTemplate: '{"username":"cdt_app"}' }),
    });
    const instance = Object.values(resourcesOf(template, 'AWS::RDS::DBInstance'))[0]!;
    expect(JSON.stringify(instance.Properties.MasterUserPassword)).toContain('resolve:secretsmanager');
  });
});

describe('secrets', () => {
  const containers = containerDefinitions(template);

  it("never puts a secret-like variable in a container's plain environment", () => {
    expect(containers.length).toBe(2);
    for (const { container } of containers) {
      for (const variable of container.Environment ?? []) {
        expect(variable.Name, `${container.Name}: ${variable.Name} must come from Secrets`).not.toMatch(SECRET_LIKE);
        // Nor a value that carries a credential, whatever its name.
        expect(JSON.stringify(variable.Value), `${container.Name}: ${variable.Name}`).not.toMatch(
          /postgres(ql)?:\/\/[^"]*:[^"]*@/,
        );
      }
    }
  });

  it('injects every secret from Secrets Manager (ECS `Secrets`, resolved by the execution role at start)', () => {
    const byContainer = Object.fromEntries(containers.map(({ container }) => [container.Name, container]));
    const secretNames = (name: string) => (byContainer[name]?.Secrets ?? []).map((secret) => secret.Name).sort();
    expect(secretNames('gateway')).toEqual(
      [
        'APP_DATABASE_PASSWORD',
        'APP_DATABASE_USER',
        'BOOKMARKED_PRODUCTION_DATABASE_URL',
        'BOOKMARKED_STAGING_DATABASE_URL',
        'HUBSPOT_ACCESS_TOKEN',
        'HUBSPOT_CLIENT_SECRET',
        'WEB_SESSION_SECRET',
      ].sort(),
    );
    expect(secretNames('web')).toEqual(['AUTH_SECRET', 'OIDC_CLIENT_SECRET', 'WEB_SESSION_SECRET']);
    for (const { container } of containers) {
      for (const secret of container.Secrets ?? []) {
        const from = JSON.stringify(secret.ValueFrom);
        expect(from, `${container.Name}: ${secret.Name}`).toMatch(/secretsmanager|"Ref":"(AppDatabase|Secrets)/);
      }
    }
  });

  it('keeps generated secrets long, random and retained', () => {
    for (const name of ['cdt/web-session-secret', 'cdt/auth-secret']) {
      template.hasResource('AWS::SecretsManager::Secret', {
        Properties: { Name: name, GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }) },
        DeletionPolicy: 'Retain',
      });
    }
    // No secret value is ever written into the template.
    for (const secret of Object.values(resourcesOf(template, 'AWS::SecretsManager::Secret'))) {
      expect(secret.Properties.SecretString).toBeUndefined();
    }
  });
});

describe('least-privilege IAM', () => {
  it('never grants a Secrets Manager action on "*"', () => {
    for (const statement of statementsOf(/.*/)) {
      if (actionsOf(statement).some((action) => action.startsWith('secretsmanager:') || action === '*')) {
        expect([statement.Resource].flat()).not.toContain('*');
      }
    }
  });

  it('lets the gateway task role read only customer-settings secrets (aws-sm: references) under their prefix', () => {
    const secretStatements = statementsOf(/^GatewayTaskRole/).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
    );
    expect(secretStatements).toHaveLength(1);
    expect(actionsOf(secretStatements[0]!)).toEqual(['secretsmanager:GetSecretValue']);
    expect(JSON.stringify(secretStatements[0]!.Resource)).toMatch(/:secret:cdt\/customers\/\*"\]\]\}$/);
  });

  it('gives the web task role no permissions at all', () => {
    expect(statementsOf(/^WebTaskRole/)).toEqual([]);
  });

  it("lets each execution role read only its own service's secrets", () => {
    const readable = (pattern: RegExp) =>
      statementsOf(pattern)
        .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
        .flatMap((statement) => [statement.Resource].flat().map((resource) => JSON.stringify(resource)));
    const web = readable(/^WebTaskExecutionRole/);
    const gateway = readable(/^GatewayTaskExecutionRole/);
    expect(web).toHaveLength(3);
    expect(web.join()).not.toMatch(/bookmarked|hubspot|AppDatabase/);
    expect(gateway.join()).toMatch(/bookmarked\/staging/);
    expect(gateway.join()).not.toMatch(/AuthSecret|oidc/);
  });

  it('keeps the tasks off public IPs, in private subnets', () => {
    for (const service of Object.values(resourcesOf(template, 'AWS::ECS::Service'))) {
      expect(service.Properties.NetworkConfiguration).toMatchObject({ AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } });
    }
  });

  it('lets the gateway reach the Bookmarked replicas only on their configured CIDRs and ports', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'GraphQL gateway tasks',
      SecurityGroupEgress: Match.arrayWith([
        Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' }),
        Match.objectLike({ CidrIp: '10.21.0.0/16', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' }),
      ]),
    });
    for (const group of Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroup'))) {
      for (const rule of (group.Properties.SecurityGroupEgress ?? []) as { IpProtocol: string }[]) {
        // "-1" (all traffic) would make every egress rule meaningless.
        expect(rule.IpProtocol, String(group.Properties.GroupDescription)).not.toBe('-1');
      }
    }
  });
});
