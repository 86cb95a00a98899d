/** Pure helpers for the signed-in user's security page (authenticator enrolment). */

/** The base32 secret in groups of four, as authenticator apps print it for typing by hand. */
export const groupSecret = (secret: string) => secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

/** Issuer and account an otpauth:// URI names, to tell the user what the app will show; null when it is not one. */
export function describeOtpauthUri(uri: string): { issuer: string | null; account: string } | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'otpauth:') return null;
  const label = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  const colon = label.indexOf(':');
  const account = colon === -1 ? label : label.slice(colon + 1);
  const issuer = url.searchParams.get('issuer') ?? (colon === -1 ? null : label.slice(0, colon));
  return { issuer, account };
}

/** A 6-digit code as typed ("123 456", "123-456"): digits only, or null when it cannot be one. */
export function normaliseTotpCode(raw: string): string | null {
  const digits = raw.replace(/[\s-]+/g, '');
  return /^\d{6,8}$/.test(digits) ? digits : null;
}
