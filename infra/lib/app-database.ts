import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DeploymentSettings } from './settings';

export const APP_DATABASE_NAME = 'cdt';
export const APP_DATABASE_USER = 'cdt_app';
export const APP_DATABASE_PORT = 5432;

// Everything but letters and digits: the password goes into APP_DATABASE_URL unescaped.
const NOT_URL_SAFE = ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export interface AppDatabaseProps {
  vpc: ec2.IVpc;
  settings: DeploymentSettings['database'];
  /** Fixed, so the log group can be created (with its retention) before the instance. */
  instanceIdentifier: string;
  secretName: string;
  logRetention: logs.RetentionDays;
}

/**
 * The tool's own PostgreSQL (users, API tokens, run history, audit log): isolated subnets,
 * never publicly accessible, encrypted, TLS required, automated backups. The gateway runs
 * the migrations itself at start. Its credentials are a Secrets Manager secret generated at
 * deploy time; nobody ever types the password.
 */
export class AppDatabase extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: AppDatabaseProps) {
    super(scope, id);
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'App database: PostgreSQL from the gateway only',
      allowAllOutbound: false,
    });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'Customer Data Tools app database',
      parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '2000' },
    });
    // RDS would create this group itself, without retention, on the first log line.
    const postgresLogs = new logs.LogGroup(this, 'PostgresLogs', {
      logGroupName: `/aws/rds/instance/${props.instanceIdentifier}/postgresql`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: props.instanceIdentifier,
      engine,
      instanceType: new ec2.InstanceType(props.settings.instanceClass),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port: APP_DATABASE_PORT,
      databaseName: APP_DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(APP_DATABASE_USER, {
        secretName: props.secretName,
        excludeCharacters: NOT_URL_SAFE,
      }),
      parameterGroup,
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.settings.allocatedStorageGiB,
      maxAllocatedStorage: props.settings.maxAllocatedStorageGiB,
      multiAz: props.settings.multiAz,
      backupRetention: Duration.days(props.settings.backupRetentionDays),
      preferredBackupWindow: '07:00-08:00',
      preferredMaintenanceWindow: 'sun:08:30-sun:09:30',
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: props.settings.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      cloudwatchLogsExports: ['postgresql'],
    });
    this.instance.node.addDependency(postgresLogs);
    this.secret = this.instance.secret!;
  }
}
