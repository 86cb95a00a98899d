import { WebDeleteCredentialDocument, WebSaveCredentialDocument } from '@cdt/schema';
import { fail } from '@sveltejs/kit';
import { CREDENTIAL_KINDS, isCredentialName, needsStepUp } from '$lib/admin';
import { adminActions, assertAdmin, field, gatewayFailure, requireStepUp } from '$lib/server/admin';
import { loadCredentials, testVaultCredential } from '$lib/server/connections';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  assertAdmin(locals);
  const credentials = await loadCredentials(locals.gateway);
  return { credentials, error: credentials ? null : 'The gateway did not list the credential vault.' };
};

type Kind = (typeof CREDENTIAL_KINDS)[number]['value'];
const isKind = (value: string): value is Kind => CREDENTIAL_KINDS.some((kind) => kind.value === value);

export const actions: Actions = adminActions({
  /**
   * New or replaced: the value goes to the gateway, which seals it; it is never sent back, nor
   * kept in the answer. Credentials are what production connections use: step-up first.
   */
  save: async (event) => {
    const form = await event.request.formData();
    const name = field(form, 'name', 63).toLowerCase();
    const kind = field(form, 'kind', 20);
    const description = field(form, 'description', 500) || null;
    const value = String(form.get('value') ?? '');
    if (!isCredentialName(name))
      return fail(400, { action: 'save' as const, name, message: 'Name: 1 to 63 lowercase letters, digits, ".", "_" or "-".' });
    if (!isKind(kind)) return fail(400, { action: 'save' as const, name, message: 'Pick what kind of secret this is.' });
    if (!value.trim()) return fail(400, { action: 'save' as const, name, message: 'Enter the secret.' });
    const stepUp = needsStepUp({ kind: 'save-credential' }) && (await requireStepUp(event, 'change a stored credential'));
    if (stepUp) return stepUp;
    const result = await event.locals.gateway
      .mutation(WebSaveCredentialDocument, { input: { name, kind, value, description } })
      .toPromise();
    const saved = result.data?.saveCredential;
    if (!saved) return gatewayFailure(result.error);
    return {
      ok: true,
      action: 'save' as const,
      name: saved.name,
      message: `Saved ${saved.reference}${saved.last4 ? ` (ends in ${saved.last4})` : ''}. Settings files name it ${saved.reference}.`,
    };
  },
  test: async (event) => {
    const form = await event.request.formData();
    const name = field(form, 'name', 63);
    if (!isCredentialName(name)) return fail(400, { action: 'test' as const, name, message: 'Which credential?' });
    const tested = await testVaultCredential(event.locals.gateway, name);
    return { ok: tested.status === 'OK', action: 'test' as const, name, status: tested.status, message: tested.message };
  },
  delete: async (event) => {
    const form = await event.request.formData();
    const name = field(form, 'name', 63);
    if (!isCredentialName(name)) return fail(400, { action: 'delete' as const, name, message: 'Which credential?' });
    const stepUp = needsStepUp({ kind: 'delete-credential' }) && (await requireStepUp(event, 'delete a stored credential'));
    if (stepUp) return stepUp;
    const result = await event.locals.gateway.mutation(WebDeleteCredentialDocument, { name }).toPromise();
    if (result.data?.deleteCredential === undefined) return gatewayFailure(result.error);
    return {
      ok: true,
      action: 'delete' as const,
      name,
      message: result.data.deleteCredential
        ? `Deleted vault:${name}. Settings that name it now fail until it is saved again.`
        : `There was no credential ${name}.`,
    };
  },
});
