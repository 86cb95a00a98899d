import { WebViewerSecurityDocument } from '@cdt/schema';
import type { LayoutServerLoad } from './$types';

/** Whether production is open to this session now (role and step-up), for the top bar and the step-up dialog. */
export const load: LayoutServerLoad = async ({ locals, depends }) => {
  depends('app:security');
  const result = await locals.gateway.query(WebViewerSecurityDocument, {}).toPromise();
  const security = result.data?.viewerSecurity ?? null;
  return {
    security: security && {
      productionAccess: security.productionAccess,
      reason: security.productionAccessReason,
      totpEnrolled: security.totpEnrolled,
      stepUpExpiresAt: security.stepUpExpiresAt ? Math.floor(Date.parse(security.stepUpExpiresAt) / 1000) : null,
    },
  };
};
