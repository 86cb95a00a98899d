import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for AWS Secrets Manager for tests: it speaks the service's JSON 1.1 wire
 * protocol for GetSecretValue (POST /, `X-Amz-Target: secretsmanager.GetSecretValue`) and
 * answers from an in-memory table. It records what it received so tests can check the SDK
 * really signed and sent the request. It does not verify signatures.
 */

export interface ReceivedSecretsManagerRequest {
  method: string;
  path: string;
  target: string | null;
  contentType: string | null;
  authorization: string | null;
  body: unknown;
}

export interface SecretsManagerTestServer {
  /** `http://127.0.0.1:PORT`, for the SDK's `endpoint`. */
  endpoint: string;
  received: ReceivedSecretsManagerRequest[];
  /** Replaces or adds a secret's SecretString. */
  setSecret(secretId: string, secretString: string): void;
  close(): Promise<void>;
}

export async function startSecretsManagerTestServer(options: {
  secrets: Record<string, string>;
}): Promise<SecretsManagerTestServer> {
  const secrets = new Map(Object.entries(options.secrets));
  const received: ReceivedSecretsManagerRequest[] = [];

  const server = createServer(async (request, response) => {
    const text = await readBody(request);
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const target = header(request, 'x-amz-target');
    received.push({
      method: request.method ?? '',
      path: request.url ?? '',
      target,
      contentType: header(request, 'content-type'),
      authorization: header(request, 'authorization'),
      body,
    });

    const answer = (status: number, payload: unknown, errorType?: string) => {
      response.statusCode = status;
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.setHeader('x-amzn-requestid', `test-${received.length}`);
      if (errorType) response.setHeader('x-amzn-ErrorType', errorType);
      response.end(JSON.stringify(payload));
    };

    if (request.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
      answer(
        400,
        { __type: 'com.amazonaws.secretsmanager#InvalidRequestException', message: `Unsupported target ${target}` },
        'InvalidRequestException',
      );
      return;
    }
    const secretId = typeof body === 'object' && body !== null ? (body as { SecretId?: unknown }).SecretId : undefined;
    const secretString = typeof secretId === 'string' ? secrets.get(secretId) : undefined;
    if (typeof secretId !== 'string' || secretString === undefined) {
      answer(
        400,
        {
          __type: 'com.amazonaws.secretsmanager#ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        },
        'ResourceNotFoundException',
      );
      return;
    }
    answer(200, {
      ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secretId}-AbCdEf`,
      Name: secretId,
      SecretString: secretString,
      VersionId: '00000000-0000-4000-8000-000000000001',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_700_000_000,
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    setSecret: (secretId, secretString) => void secrets.set(secretId, secretString),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps connections alive; drop them so close() does not wait for them.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
