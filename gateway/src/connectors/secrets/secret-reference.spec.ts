import { describe, expect, it } from 'vitest';
import { describeSecretReference, parseSecretReference } from './secret-reference';

describe('parseSecretReference', () => {
  it('reads env references', () => {
    expect(parseSecretReference('env:LAKESIDE_FTP_PASSWORD')).toEqual({ kind: 'env', name: 'LAKESIDE_FTP_PASSWORD' });
  });

  it('reads aws-sm references by name or ARN, with or without a JSON key', () => {
    expect(parseSecretReference('aws-sm:lakeside/oneroster#client_secret')).toEqual({
      kind: 'aws-sm',
      secretId: 'lakeside/oneroster',
      jsonKey: 'client_secret',
    });
    expect(parseSecretReference('aws-sm:arn:aws:secretsmanager:us-east-1:123456789012:secret:lakeside-AbCdEf')).toEqual({
      kind: 'aws-sm',
      secretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:lakeside-AbCdEf',
      jsonKey: null,
    });
  });

  it('rejects anything else', () => {
    for (const value of [
      '',
      'plain-secret',
      'env:',
      'env:1ABC',
      'env:A-B',
      'aws-sm:',
      'aws-sm:#key',
      'aws-sm:id#',
      'aws-sm:has space',
      'ENV:X',
    ]) {
      expect(parseSecretReference(value), value).toBeNull();
    }
  });

  it('describes a reference by its name only', () => {
    expect(describeSecretReference({ kind: 'env', name: 'X' })).toBe('environment variable X');
    expect(describeSecretReference({ kind: 'aws-sm', secretId: 'a/b', jsonKey: 'k' })).toBe(
      'AWS Secrets Manager secret "a/b" (JSON key "k")',
    );
  });
});
