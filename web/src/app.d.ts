import type { Client } from '@urql/core';
import type { SessionUser } from '$lib/server/auth';

declare global {
  namespace App {
    interface Error {
      message: string;
      requestId?: string;
    }
    interface Locals {
      requestId: string;
      /** The signed-in user; null only on public paths (the guard redirects otherwise). */
      user: SessionUser | null;
      /** The step-up the gateway confirmed for this browser (Unix seconds), if still fresh. */
      stepUpAt: () => number | null;
      /** urql client to the gateway, acting as `user` (delegated session). */
      gateway: Client;
    }
  }
}
