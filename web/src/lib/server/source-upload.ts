import { WebUploadSourceBundleDocument, type WebUploadSourceBundleMutation } from '@cdt/schema';
import { print } from 'graphql';
import type { SessionUser } from './auth';
import type { WebServerConfig } from './config';
import { delegatedHeaders } from './gateway';

export type UploadAnswer = WebUploadSourceBundleMutation['uploadSourceBundle'];

/**
 * Sends an uploaded bundle on to the gateway as a GraphQL multipart request, on the signed-in
 * user's behalf (a delegated session, like every other call): the browser talks to the web
 * server only and never holds a token. The body is a stream (FormData), not a copy in memory.
 */
export async function forwardSourceUpload(options: {
  config: WebServerConfig;
  user: SessionUser | null;
  requestId?: string;
  stepUpAt?: number | null;
  districtId: string;
  file: File;
  fetch?: typeof fetch;
}): Promise<{ answer: UploadAnswer } | { error: string; status: number }> {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({ query: print(WebUploadSourceBundleDocument), variables: { districtId: options.districtId, file: null } }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', options.file, options.file.name);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(options.config.gatewayUrl, {
      method: 'POST',
      headers: {
        ...delegatedHeaders(options.config, options.user, options.requestId, { stepUpAt: options.stepUpAt ?? null }),
        accept: 'application/json',
      },
      body: form,
    });
  } catch {
    return { error: 'The gateway did not answer; try again in a moment.', status: 502 };
  }
  const body = (await response.json().catch(() => null)) as {
    data?: WebUploadSourceBundleMutation | null;
    errors?: { message: string }[];
  } | null;
  if (body?.data?.uploadSourceBundle) return { answer: body.data.uploadSourceBundle };
  if (response.status === 413) return { error: 'The file is over the gateway’s upload limit.', status: 413 };
  return {
    error: body?.errors?.[0]?.message ?? `The gateway answered HTTP ${response.status}.`,
    status: response.status >= 400 ? response.status : 502,
  };
}
