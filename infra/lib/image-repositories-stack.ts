import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type { Construct } from 'constructs';

export interface ImageRepositoriesStackProps extends StackProps {
  gatewayRepositoryName: string;
  webRepositoryName: string;
}

/**
 * The two ECR repositories CI pushes to. A stack of its own, deployed first: the app stack
 * needs images in them before its services can start. Tags are immutable, so a deployed tag
 * (a git commit) always means the same image.
 */
export class ImageRepositoriesStack extends Stack {
  readonly gateway: ecr.Repository;
  readonly web: ecr.Repository;

  constructor(scope: Construct, id: string, props: ImageRepositoriesStackProps) {
    super(scope, id, props);
    const repository = (id: string, repositoryName: string) =>
      new ecr.Repository(this, id, {
        repositoryName,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        imageScanOnPush: true,
        encryption: ecr.RepositoryEncryption.AES_256,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [
          { description: 'Drop untagged layers after a week', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
          { description: 'Keep the newest 50 images', tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 },
        ],
      });
    this.gateway = repository('Gateway', props.gatewayRepositoryName);
    this.web = repository('Web', props.webRepositoryName);
  }
}
