/**
 * What the infrastructure relies on in the two images (gateway/Dockerfile, web/Dockerfile)
 * and in the code they run. Change these together with those files.
 */

/** The gateway listens here inside its container (GATEWAY_PORT). */
export const GATEWAY_PORT = 4000;
/** Liveness: yoga's built-in health check, 200 as long as the process serves HTTP. */
export const GATEWAY_LIVENESS_PATH = '/health';
/** Readiness: 200 when the app database, every configured Bookmarked database and the settings folder answer. */
export const GATEWAY_READINESS_PATH = '/ready';

/** adapter-node's PORT in the web container. */
export const WEB_PORT = 3000;
/** The web app's health route; hooks.server.ts lets it through without a session. */
export const WEB_HEALTH_PATH = '/healthz';

/** The repository root inside both images; the gateway's data directory is `<root>/.data`. */
export const IMAGE_APP_ROOT = '/app';
/** gateway/src/paths.ts puts DATA_DIR at `<repository root>/.data`: the EFS volume is mounted there. */
export const GATEWAY_DATA_DIR = `${IMAGE_APP_ROOT}/.data`;
/** CUSTOMER_SETTINGS_DIR: on the shared volume, so edits survive tasks and every task sees them. */
export const GATEWAY_SETTINGS_DIR = `${GATEWAY_DATA_DIR}/customer-integration-settings`;

/**
 * A container health check that needs nothing but node (the slim images have no curl):
 * exit 0 on a 2xx answer from `path` on the container's own port.
 */
export function httpHealthCheckCommand(port: number, path: string): string[] {
  const script = `fetch('http://127.0.0.1:${port}${path}').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`;
  return ['CMD', 'node', '-e', script];
}
