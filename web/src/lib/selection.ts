import type { DistrictChoice, Environment } from './types';

/**
 * What the engineer is working on — an environment and a district — remembered across pages
 * (and visits) in two plain cookies: nothing secret, readable by the server for the first paint.
 */
export const ENVIRONMENT_COOKIE = 'cdt_env';
export const DISTRICT_COOKIE = 'cdt_district';
export const SELECTION_MAX_AGE = 60 * 60 * 24 * 180;

export interface Selection {
  environment: Environment;
  district: DistrictChoice | null;
}

export const parseEnvironment = (value: string | null | undefined): Environment | null => {
  const upper = value?.trim().toUpperCase();
  return upper === 'PRODUCTION' || upper === 'STAGING' ? upper : null;
};

export function parseDistrictCookie(value: string | null | undefined): DistrictChoice | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(decodeURIComponent(value)) as Partial<DistrictChoice>;
    const environment = parseEnvironment(parsed.environment);
    if (typeof parsed.id !== 'string' || !/^\d{1,19}$/.test(parsed.id) || typeof parsed.name !== 'string' || !environment)
      return null;
    return {
      id: parsed.id,
      name: parsed.name.slice(0, 200),
      environment,
      state: typeof parsed.state === 'string' ? parsed.state : null,
      sisProvider: typeof parsed.sisProvider === 'string' ? parsed.sisProvider : null,
      sourceKind: typeof parsed.sourceKind === 'string' ? parsed.sourceKind : null,
    };
  } catch {
    return null;
  }
}

export function readSelection(cookies: { get(name: string): string | undefined }): Selection {
  const district = parseDistrictCookie(cookies.get(DISTRICT_COOKIE));
  return { environment: parseEnvironment(cookies.get(ENVIRONMENT_COOKIE)) ?? district?.environment ?? 'STAGING', district };
}

export const districtCookieValue = (district: DistrictChoice) => encodeURIComponent(JSON.stringify(district));

/** The query string a tool page is opened with: the district and environment it runs on. */
export function toolHref(
  tool: string,
  district: Pick<DistrictChoice, 'id'> | null,
  environment: Environment,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams({
    ...(district ? { district: district.id } : {}),
    environment: environment.toLowerCase(),
    ...extra,
  });
  return `/tools/${encodeURIComponent(tool)}?${params}`;
}
