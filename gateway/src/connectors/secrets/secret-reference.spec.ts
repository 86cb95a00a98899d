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

  it('reads vault references by the credential name the vault stores (lowercase)', () => {
    expect(parseSecretReference('vault:lakeside-ftp')).toEqual({ kind: 'vault', name: 'lakeside-ftp' });
    expect(parseSecretReference('vault:prod.db_2')).toEqual({ kind: 'vault', name: 'prod.db_2' });
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
      'vault:',
      'vault:Lakeside',
      'vault:-x',
      'vault:a b',
      'vault:a/b',
      `vault:${'a'.repeat(64)}`,
      'VAULT:x',
    ]) {
      expect(parseSecretReference(value), value).toBeNull();
    }
  });

  it('describes a reference by its name only', () => {
    expect(describeSecretReference({ kind: 'env', name: 'X' })).toBe('environment variable X');
    expect(describeSecretReference({ kind: 'aws-sm', secretId: 'a/b', jsonKey: 'k' })).toBe(
      'AWS Secrets Manager secret "a/b" (JSON key "k")',
    );
    expect(describeSecretReference({ kind: 'vault', name: 'lakeside-ftp' })).toBe('vault credential "lakeside-ftp"');
  });
});
