import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface NetworkProps {
  cidr: string;
  natGateways: number;
  logRetention: logs.RetentionDays;
  /** Log group name of the rejected-traffic flow log. */
  flowLogGroupName: string;
}

/**
 * Three tiers: public subnets hold only the load balancer and the NAT gateways; tasks run in
 * private subnets that reach out through NAT (ECR, Secrets Manager, HubSpot, SIS APIs, FTP,
 * the Bookmarked replicas); the database sits in isolated subnets with no route out at all.
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      // The stack's first two zones: from the settings, or Fn::GetAZs for an environment-agnostic stack.
      maxAzs: 2,
      natGateways: props.natGateways,
      // Strip the default security group's rules: nothing should ever use it.
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const flowLogs = new logs.LogGroup(this, 'RejectedFlowLogs', {
      logGroupName: props.flowLogGroupName,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('RejectedFlows', {
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
    });
  }
}
