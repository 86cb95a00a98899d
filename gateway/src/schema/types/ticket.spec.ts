import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../connectors/hubspot/hubspot-client';
import type { GatewayContext } from '../../context';
import { type LocalHubSpot, startLocalHubSpot } from '../../testing/hubspot-server';
import { createTicketService, type TicketService } from '../../tickets/ticket-service';
import { builder } from '../builder';
import './ticket';

// Only the ticket types, so that this spec does not depend on the rest of the schema.
const schema = builder.toSchema();

const DISTRICTS = [{ id: '101', names: ['Lakeside Independent School District', 'Lakeside ISD'] }];
const SCHOOLS: Record<string, string[]> = { '101': ['Lincoln Elementary', 'Oak Ridge Elementary'] };

/**
 * The ticket schema behind yoga with only the ticket service in the context. Errors are
 * left unmasked: turning AppErrors into coded GraphQL errors is mask-error's job, and the
 * error classes and codes are asserted in ticket-service.spec.ts.
 */
function gatewayWith(tickets: TicketService) {
  const yoga = createYoga({
    schema,
    maskedErrors: false,
    logging: false,
    context: () => ({ services: { tickets } }) as unknown as GatewayContext,
  });
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as {
      // biome-ignore lint/suspicious/noExplicitAny: a GraphQL response's shape is whatever the query asked for.
      data?: Record<string, any>;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
  };
}

const ANALYSIS_FIELDS = `
  extracted { districtId districtName parentEmails studentNames campuses oldCampus newCampus issueType priority }
  recommendations { tool title confidence reasons prefill }`;

/** The contract lives beside the repository (../shared), where the team's machines have it. */
const CONTRACT = new URL('../../../../../shared/contract/tickets.graphql', import.meta.url);

describe('ticket schema', () => {
  it.skipIf(!existsSync(CONTRACT))('keeps every name and nullability of the contract (shared/contract/tickets.graphql)', () => {
    // The graphql instance Pothos built the schema with (CommonJS); vitest would hand this file the ESM one.
    const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
    const contract = graphql.buildSchema(readFileSync(CONTRACT, 'utf8'));
    expect(graphql.findBreakingChanges(contract, schema).map((change) => change.description)).toEqual([]);
    // Nullability must be the same, not just compatible: a field the contract makes nullable stays nullable.
    const differences: string[] = [];
    for (const contractType of Object.values(contract.getTypeMap())) {
      if (contractType.name.startsWith('__') || !('getFields' in contractType)) continue;
      const ours = schema.getType(contractType.name);
      const ourFields = ours && 'getFields' in ours ? ours.getFields() : {};
      for (const [name, field] of Object.entries(contractType.getFields())) {
        const ourField = ourFields[name];
        if (String(ourField?.type) !== String(field.type))
          differences.push(`${contractType.name}.${name}: ${String(ourField?.type)} vs ${String(field.type)}`);
        for (const arg of 'args' in field ? field.args : []) {
          const ourArg = ourField && 'args' in ourField ? ourField.args.find((a) => a.name === arg.name) : undefined;
          if (String(ourArg?.type) !== String(arg.type))
            differences.push(`${contractType.name}.${name}(${arg.name}): ${String(ourArg?.type)} vs ${String(arg.type)}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});

describe('ticket GraphQL fields', () => {
  let hubspot: LocalHubSpot;
  let call: ReturnType<typeof gatewayWith>;

  beforeAll(async () => {
    hubspot = await startLocalHubSpot({
      accessToken: 'test-token',
      tickets: [
        {
          id: '512',
          properties: {
            subject: 'Transfer not showing',
            content:
              '<p>My son <b>Diego Morales</b> transferred from Lincoln Elementary to Oak Ridge Elementary but the app still shows Lincoln.</p>',
            hs_ticket_priority: 'MEDIUM',
          },
          companies: [{ id: '9001', name: 'Lakeside ISD' }],
          contacts: [{ id: '701', email: 'DMorales@Example.com', firstname: 'Rosa', lastname: 'Morales' }],
        },
      ],
    });
    const tickets = createTicketService({
      hubspot: createHubSpotClient({ baseUrl: hubspot.url, accessToken: 'test-token' }),
      districts: async () => DISTRICTS,
      schools: async (districtId) => SCHOOLS[districtId] ?? [],
    });
    call = gatewayWith(tickets);
  });

  afterAll(async () => {
    await hubspot?.close();
  });

  it('analyses pasted text', async () => {
    const result = await call(`query ($input: TicketTextInput!) { analyzeTicket(input: $input) { ${ANALYSIS_FIELDS} } }`, {
      input: {
        subject: 'Not my child',
        content: 'Ava Nguyen is on my account and is not my child. Lakeside ISD. t.huang@icloud.com',
        ticketId: '77',
      },
    });

    expect(result.errors).toBeUndefined();
    const analysis = result.data?.analyzeTicket;
    expect(analysis.extracted).toMatchObject({
      districtId: '101',
      districtName: 'Lakeside Independent School District',
      parentEmails: ['t.huang@icloud.com'],
    });
    expect(analysis.recommendations[0]).toMatchObject({
      tool: 'studentMismatch',
      title: 'Student Mismatch Resolver',
      prefill: { districtId: '101', parentEmail: 't.huang@icloud.com', studentName: 'Ava Nguyen', ticketId: '77' },
    });
    expect(analysis.recommendations[0].reasons).toContain("'Not my child'");
  });

  it('reads a HubSpot ticket by URL, with the company as district and the contact as parent', async () => {
    const result = await call(
      `query ($ref: String!) { ticket(ref: $ref) { id subject content priority url portalId analysis { ${ANALYSIS_FIELDS} } } }`,
      {
        ref: 'https://app.hubspot.com/contacts/62515/record/0-5/512/view/1',
      },
    );

    expect(result.errors).toBeUndefined();
    const ticket = result.data?.ticket;
    expect(ticket).toMatchObject({
      id: '512',
      priority: 'MEDIUM',
      url: 'https://app.hubspot.com/contacts/62515/record/0-5/512',
      portalId: '62515',
      content:
        'My son Diego Morales transferred from Lincoln Elementary to Oak Ridge Elementary but the app still shows Lincoln.',
    });
    expect(ticket.analysis.extracted).toMatchObject({
      districtId: '101',
      parentEmails: ['dmorales@example.com'],
      studentNames: ['Diego Morales'],
      oldCampus: 'Lincoln Elementary',
      newCampus: 'Oak Ridge Elementary',
      priority: 'MEDIUM',
    });
    expect(ticket.analysis.recommendations[0]).toMatchObject({
      tool: 'campusTransfer',
      prefill: {
        districtId: '101',
        studentName: 'Diego Morales',
        oldCampus: 'Lincoln Elementary',
        newCampus: 'Oak Ridge Elementary',
        ticketId: '512',
      },
    });
  });

  it('answers null for a ticket HubSpot does not have, and an error for a ref that is not a ticket', async () => {
    expect((await call('{ ticket(ref: "999") { id } }')).data).toEqual({ ticket: null });

    const bad = await call('{ ticket(ref: "https://app.hubspot.com/contacts/62515/record/0-1/512") { id } }');
    expect(bad.data).toEqual({ ticket: null });
    expect(bad.errors?.[0]?.message).toMatch(
      /^Expected a HubSpot ticket URL .* got "https:\/\/app.hubspot.com\/contacts\/62515\/record\/0-1\/512"/,
    );
  });

  it('says HubSpot is not connected when it is not', async () => {
    const offline = gatewayWith(createTicketService({ hubspot: null, districts: async () => DISTRICTS }));
    const result = await offline('{ ticket(ref: "512") { id } }');
    expect(result.errors?.[0]?.message).toMatch(/^HubSpot is not connected/);
  });
});
