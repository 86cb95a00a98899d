import { describe, expect, it } from 'vitest';
import { describeOtpauthUri, groupSecret, normaliseTotpCode } from './account-security';

describe('authenticator enrolment', () => {
  it('groups the setup key in fours for typing by hand', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
    expect(groupSecret('ABCDE')).toBe('ABCD E');
  });

  it('says which issuer and account the otpauth URI names', () => {
    expect(
      describeOtpauthUri('otpauth://totp/Customer%20Data%20Tools:ada.admin?secret=JBSWY3DP&issuer=Customer%20Data%20Tools'),
    ).toEqual({ issuer: 'Customer Data Tools', account: 'ada.admin' });
    expect(describeOtpauthUri('otpauth://totp/ada?secret=X')).toEqual({ issuer: null, account: 'ada' });
    expect(describeOtpauthUri('https://example.org')).toBeNull();
    expect(describeOtpauthUri('not a uri')).toBeNull();
  });

  it('takes a code as typed, digits only', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
    expect(normaliseTotpCode('12345')).toBeNull();
    expect(normaliseTotpCode('12345a')).toBeNull();
  });
});
