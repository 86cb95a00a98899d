import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { GATEWAY_PORT, GATEWAY_READINESS_PATH, WEB_HEALTH_PATH, WEB_PORT } from './service-contract';
import type { DeploymentSettings } from './settings';

export interface LoadBalancerProps {
  vpc: ec2.IVpc;
  settings: DeploymentSettings;
  gateway: { service: ecs.FargateService; container: ecs.ContainerDefinition };
  web: { service: ecs.FargateService; container: ecs.ContainerDefinition };
}

/**
 * One internet-facing Application Load Balancer, HTTPS only: port 443 terminates TLS with
 * the given certificate and a TLS 1.2+/1.3 policy; port 80 answers nothing but a permanent
 * redirect to https. Requests are routed by host name: the web host to the web app, the
 * gateway host to the GraphQL gateway (automation with API tokens); any other host gets 404.
 */
export class LoadBalancer extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly httpsListener: elbv2.ApplicationListener;
  readonly gatewayTargets: elbv2.ApplicationTargetGroup;
  readonly webTargets: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { settings, vpc } = props;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Load balancer: HTTPS (and the HTTP redirect) from the allowed ranges',
      allowAllOutbound: false,
    });
    for (const cidr of settings.allowedCidrs) {
      securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS');
      securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');
    }

    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup,
      dropInvalidHeaderFields: true,
      http2Enabled: true,
      idleTimeout: Duration.seconds(120),
    });

    this.httpsListener = this.alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(settings.certificateArn)],
      sslPolicy: settings.sslPolicy as elbv2.SslPolicy,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
    });
    this.alb.addListener('HttpRedirect', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    this.gatewayTargets = new elbv2.ApplicationTargetGroup(this, 'GatewayTargets', {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: GATEWAY_PORT,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        // Readiness, not liveness: a task whose databases or settings fail gets no traffic.
        path: GATEWAY_READINESS_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(30),
        timeout: Duration.seconds(10),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      targets: [
        props.gateway.service.loadBalancerTarget({
          containerName: props.gateway.container.containerName,
          containerPort: GATEWAY_PORT,
        }),
      ],
    });
    this.webTargets = new elbv2.ApplicationTargetGroup(this, 'WebTargets', {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: WEB_PORT,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: WEB_HEALTH_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      targets: [
        props.web.service.loadBalancerTarget({ containerName: props.web.container.containerName, containerPort: WEB_PORT }),
      ],
    });

    this.httpsListener.addAction('Gateway', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.hostHeaders([settings.gatewayDomainName])],
      action: elbv2.ListenerAction.forward([this.gatewayTargets]),
    });
    this.httpsListener.addAction('Web', {
      priority: 20,
      conditions: [elbv2.ListenerCondition.hostHeaders([settings.webDomainName])],
      action: elbv2.ListenerAction.forward([this.webTargets]),
    });

    if (settings.hostedZone) {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: settings.hostedZone.id,
        zoneName: settings.hostedZone.name,
      });
      const target = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.alb));
      new route53.ARecord(this, 'WebRecord', { zone, recordName: `${settings.webDomainName}.`, target });
      new route53.ARecord(this, 'GatewayRecord', { zone, recordName: `${settings.gatewayDomainName}.`, target });
    }
  }
}
