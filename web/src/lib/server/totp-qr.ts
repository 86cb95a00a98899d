import QRCode from 'qrcode';

/**
 * The otpauth:// link as a QR code (inline SVG) for the authenticator app to scan. Drawn on the
 * server so the secret never goes to a third-party service; the SVG is the library's own output.
 */
export function otpauthQrSvg(otpauthUri: string): Promise<string> {
  if (!otpauthUri.startsWith('otpauth://totp/')) throw new Error('Not a TOTP otpauth:// link.');
  return QRCode.toString(otpauthUri, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#111827', light: '#ffffff' },
  });
}
