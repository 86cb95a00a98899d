/** Only same-site paths: a link (a sign-in callback, a share link) must never send the user elsewhere. */
export const safeLocalPath = (value: string | null | undefined, fallback = '/') =>
  value?.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
