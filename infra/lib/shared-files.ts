import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import { Construct } from 'constructs';

/** The `node` user of node:20-bookworm-slim, which the gateway image runs as. */
export const CONTAINER_UID = '1000';

export interface SharedFilesProps {
  vpc: ec2.IVpc;
}

/**
 * The gateway's data directory on EFS: customer settings files (written by the settings
 * screen), uploaded bundles and the FTP download cache. It outlives tasks and is shared by
 * all gateway tasks. Encrypted at rest and in transit; mounted through one access point as
 * the container's user, with IAM authorization.
 */
export class SharedFiles extends Construct {
  readonly fileSystem: efs.FileSystem;
  readonly accessPoint: efs.AccessPoint;

  constructor(scope: Construct, id: string, props: SharedFilesProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Gateway data volume: NFS from the gateway only',
      allowAllOutbound: false,
    });
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      securityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      encrypted: true,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      enableAutomaticBackups: true,
      // Clients must use TLS and IAM; anonymous NFS access is refused.
      allowAnonymousAccess: false,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessPoint = this.fileSystem.addAccessPoint('GatewayData', {
      path: '/gateway',
      createAcl: { ownerUid: CONTAINER_UID, ownerGid: CONTAINER_UID, permissions: '750' },
      posixUser: { uid: CONTAINER_UID, gid: CONTAINER_UID },
    });
  }
}
