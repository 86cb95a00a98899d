import type { OneRosterClient } from './connection';
import { OneRosterApiError } from './errors';
import { RecordShapeError } from './rest-records';

/**
 * Reads each JSON record of a response; a record without what every lookup needs becomes a
 * OneRosterApiError naming the customer, the endpoint and the record's position.
 */
export function readRecords<T>(options: {
  client: OneRosterClient;
  path: string;
  records: readonly unknown[];
  read: (json: unknown) => T;
}): T[] {
  const { client } = options;
  return options.records.map((json, index) => {
    try {
      return options.read(json);
    } catch (error) {
      if (!(error instanceof RecordShapeError)) throw error;
      throw new OneRosterApiError({
        message: `${client.connection.system} for customer "${client.connection.customerId}": GET ${options.path} returned a record we cannot use (item ${index + 1} of the page): ${error.message}.`,
        failure: 'BAD_RESPONSE',
        status: 200,
        endpoint: options.path,
        customerId: client.connection.customerId,
        attempts: 1,
        cause: error,
      });
    }
  });
}

export function readRecord<T>(options: {
  client: OneRosterClient;
  path: string;
  record: unknown;
  read: (json: unknown) => T;
}): T {
  const [value] = readRecords({ client: options.client, path: options.path, records: [options.record], read: options.read });
  return value as T;
}
