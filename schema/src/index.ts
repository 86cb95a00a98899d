/**
 * The typed GraphQL client for the gateway: typed documents generated from
 * `../schema.graphql` and `../documents`. Send them with any GraphQL client (urql in the web
 * app) or with `executeTypedOperation` below from scripts.
 */

export { executeTypedOperation, type GatewayEndpoint } from './execute';
export { graphql } from './generated/gql';
export * from './generated/graphql';
