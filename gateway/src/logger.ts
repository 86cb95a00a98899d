import pino from 'pino';

/**
 * Structured JSON logs. Ids only: never names, emails or secrets (the redact list is a net,
 * not the policy).
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'cdt-gateway' },
  redact: { paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'email', '*.email'], censor: '[redacted]' },
});
