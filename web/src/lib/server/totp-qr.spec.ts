import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { otpauthQrSvg } from './totp-qr';

const uri = 'otpauth://totp/Customer%20Data%20Tools:sam.support?secret=JBSWY3DPEHPK3PXP&issuer=Customer%20Data%20Tools';

describe('the authenticator QR code', () => {
  it('is an SVG of the QR code that encodes exactly the otpauth link', async () => {
    const svg = await otpauthQrSvg(uri);
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 (\d+) \1"/);
    const size = QRCode.create(uri, { errorCorrectionLevel: 'M' }).modules.size;
    // The library's own matrix for this text, plus the 2-module margin on each side.
    expect(svg).toContain(`viewBox="0 0 ${size + 4} ${size + 4}"`);
    expect(svg).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await otpauthQrSvg(uri)).toBe(svg);
    expect(await otpauthQrSvg(uri.replace('sam.support', 'ada.admin'))).not.toBe(svg);
  });

  it('refuses anything but a TOTP link', () => {
    expect(() => otpauthQrSvg('https://example.com/')).toThrow(/otpauth/);
  });
});
