import type { Plugin } from 'graphql-yoga';
import type { GatewayServices } from '../context';

export const READINESS_PATH = '/ready';

/**
 * `GET /ready`: 200 when the app database answers, every configured Bookmarked database
 * answers, and the settings folder loaded; 503 otherwise, naming the failing part (never
 * its address or credentials). `GET /health` (liveness) is yoga's own.
 */
export function useReadiness(services: GatewayServices): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== READINESS_PATH || request.method !== 'GET') return;
      const checks: Record<string, 'ok' | string> = {};
      const check = async (name: string, probe: () => Promise<unknown>) => {
        try {
          await probe();
          checks[name] = 'ok';
        } catch (error) {
          checks[name] = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'failing';
        }
      };
      await Promise.all([
        check('appDatabase', () => services.appDatabase.query('SELECT 1')),
        ...(['staging', 'production'] as const)
          .filter((environment) => services.bookmarked[environment])
          .map((environment) =>
            check(`bookmarked.${environment}`, () => services.bookmarked[environment]!.read((query) => query('SELECT 1'))),
          ),
        check('settings', () => services.settings.all()),
      ]);
      const ready = Object.values(checks).every((result) => result === 'ok');
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }), {
          status: ready ? 200 : 503,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}
