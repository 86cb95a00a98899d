import { describe, expect, it } from 'vitest';
import { districtCookieValue, parseDistrictCookie, readSelection, toolHref } from './selection';

describe('remembered environment and district', () => {
  const lakeside = {
    id: '1001',
    name: 'Lakeside ISD',
    environment: 'PRODUCTION' as const,
    state: 'TX',
    sisProvider: 'oneroster',
    sourceKind: 'csv',
  };

  it('round-trips the district cookie and rejects tampered values', () => {
    expect(parseDistrictCookie(districtCookieValue(lakeside))).toEqual(lakeside);
    expect(parseDistrictCookie(encodeURIComponent(JSON.stringify({ ...lakeside, id: '1; drop' })))).toBeNull();
    expect(parseDistrictCookie('%7Bnot json')).toBeNull();
    expect(parseDistrictCookie(undefined)).toBeNull();
  });

  it('defaults to staging, else the district’s environment, unless the cookie says otherwise', () => {
    const jar = (values: Record<string, string>) => ({ get: (name: string) => values[name] });
    expect(readSelection(jar({}))).toEqual({ environment: 'STAGING', district: null });
    expect(readSelection(jar({ cdt_district: districtCookieValue(lakeside) })).environment).toBe('PRODUCTION');
    expect(readSelection(jar({ cdt_env: 'staging', cdt_district: districtCookieValue(lakeside) })).environment).toBe('STAGING');
  });

  it('carries district and environment to a tool page', () => {
    expect(toolHref('studentSearch', lakeside, 'PRODUCTION', { query: 'Ana Lopez' })).toBe(
      '/tools/studentSearch?district=1001&environment=production&query=Ana+Lopez',
    );
  });
});
