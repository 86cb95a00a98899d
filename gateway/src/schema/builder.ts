import SchemaBuilder from '@pothos/core';
import { JSONResolver } from 'graphql-scalars';
import type { GatewayContext } from '../context';

/**
 * The one Pothos builder: plugins, context and scalars. It defines no types; each domain
 * type lives in its own file under ./types and registers itself on this builder.
 *
 * Fields are non-null by default: a list or record the gateway returns is always there
 * unless a field says otherwise (a lookup that may find nothing is `nullable: true`).
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
});

builder.addScalarType('JSON', JSONResolver);

builder.queryType({});
// The Mutation root is declared with the first mutation (the diagnostics): an empty root type is invalid GraphQL.
