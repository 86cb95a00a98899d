import { App, type AppProps, Tags } from 'aws-cdk-lib';
import { CustomerDataToolsStack } from './customer-data-tools-stack';
import { ImageRepositoriesStack } from './image-repositories-stack';
import { readDeploymentSettings } from './settings';

export const APP_STACK_NAME = 'CustomerDataTools';
export const IMAGES_STACK_NAME = 'CustomerDataToolsImages';

/**
 * The CDK app: the image repositories stack and the app stack, from CDK context. bin/app.ts
 * synthesizes it for the CLI; tests build it in-process with their own context.
 */
export function createApp(props: AppProps = {}): { app: App; images: ImageRepositoriesStack; tools: CustomerDataToolsStack } {
  const app = new App({ analyticsReporting: false, ...props });
  const settings = readDeploymentSettings((key) => app.node.tryGetContext(key));
  const env = settings.account || settings.region ? { account: settings.account, region: settings.region } : undefined;

  const images = new ImageRepositoriesStack(app, IMAGES_STACK_NAME, {
    env,
    description: 'Customer Data Tools: ECR repositories for the gateway and web images',
    gatewayRepositoryName: settings.images.gatewayRepositoryName,
    webRepositoryName: settings.images.webRepositoryName,
  });
  const tools = new CustomerDataToolsStack(app, APP_STACK_NAME, {
    env,
    description: 'Customer Data Tools: gateway and web app on ECS Fargate, RDS PostgreSQL, HTTPS load balancer',
    settings,
  });
  Tags.of(app).add('app', 'customer-data-tools');
  return { app, images, tools };
}
