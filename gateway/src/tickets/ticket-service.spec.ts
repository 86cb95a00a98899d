import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../connectors/hubspot/hubspot-client';
import { HubSpotAuthError, HubSpotNotConfiguredError } from '../connectors/hubspot/hubspot-errors';
import { InputError } from '../errors';
import { demoHubSpotTickets, type LocalHubSpot, startLocalHubSpot } from '../testing/hubspot-server';
import { createTicketService } from './ticket-service';

const DISTRICTS = [
  { id: '101', names: ['Lakeside ISD', 'Lakeside Independent School District'] },
  { id: '102', names: ['Riverbend Unified School District'] },
];
const SCHOOLS: Record<string, string[]> = {
  '101': ['Washington Middle School', 'Lincoln Elementary'],
  '102': ['Sunset Elementary'],
};

describe('ticket service', () => {
  let hubspot: LocalHubSpot;
  const schoolLookups: string[] = [];
  const service = () =>
    createTicketService({
      hubspot: createHubSpotClient({ baseUrl: hubspot.url, accessToken: 'tok', maxRetries: 0 }),
      districts: async () => DISTRICTS,
      schools: async (districtId) => {
        schoolLookups.push(districtId);
        return SCHOOLS[districtId] ?? [];
      },
    });

  beforeAll(async () => {
    hubspot = await startLocalHubSpot({
      accessToken: 'tok',
      tickets: [
        {
          id: '512',
          properties: {
            subject: 'Wrong student',
            content:
              '<p>Hi,</p><p>Why is <b>Caleb Foster</b> on my account?? He&#39;s not my son. My son is Ben Nguyen at washington middle.</p><p>Amy Nguyen</p>',
            hs_ticket_priority: 'LOW',
          },
          companies: [{ id: '9001', name: 'Lakeside ISD', domain: 'lakesideisd.org' }],
          contacts: [{ id: '701', email: 'Amy.Nguyen@Example.com', firstname: 'Amy', lastname: 'Nguyen' }],
        },
        { id: '513', properties: { subject: null, content: null } },
      ],
    });
  });

  afterAll(async () => {
    await hubspot?.close();
  });

  it('reads a HubSpot ticket: associations feed the district and the parent, HubSpot sets the priority', async () => {
    const ticket = await service().getTicket('https://app-eu1.hubspot.com/contacts/144000/record/0-5/512/view/1');

    expect(ticket).toMatchObject({
      id: '512',
      portalId: '144000',
      url: 'https://app-eu1.hubspot.com/contacts/144000/record/0-5/512',
      subject: 'Wrong student',
      content:
        "Hi,\n\nWhy is Caleb Foster on my account?? He's not my son. My son is Ben Nguyen at washington middle.\n\nAmy Nguyen",
      priority: 'LOW',
      companyNames: ['Lakeside ISD'],
      contactEmails: ['amy.nguyen@example.com'],
    });
    expect(ticket?.analysis.extracted).toMatchObject({
      districtId: '101',
      districtName: 'Lakeside ISD',
      parentEmails: ['amy.nguyen@example.com'],
      studentNames: ['Caleb Foster', 'Ben Nguyen'],
      campuses: ['Washington Middle School'],
      priority: 'LOW',
    });
    expect(ticket?.analysis.recommendations[0]).toMatchObject({
      tool: 'studentMismatch',
      prefill: { districtId: '101', ticketId: '512', parentEmail: 'amy.nguyen@example.com', studentName: 'Caleb Foster' },
    });
    expect(schoolLookups.at(-1)).toBe('101');
  });

  it('reads a ticket with no subject or description', async () => {
    const ticket = await service().getTicket('513');
    expect(ticket).toMatchObject({ id: '513', url: null, subject: null, content: null, analysis: { recommendations: [] } });
  });

  it('answers null for a ticket HubSpot does not have', async () => {
    expect(await service().getTicket('#999')).toBeNull();
  });

  it('refuses a ref that names no ticket, saying what it expected', async () => {
    const error = await service()
      .getTicket('https://app.hubspot.com/contacts/62515/record/0-1/512')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('BAD_USER_INPUT');
    expect((error as InputError).message).toMatch(
      /Expected a HubSpot ticket URL .* or a ticket number; got "https:\/\/app.hubspot.com/,
    );
  });

  it('says HubSpot is not configured, while text analysis still works', async () => {
    const offline = createTicketService({ hubspot: null, districts: async () => DISTRICTS });
    const error = await offline.getTicket('512').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubSpotNotConfiguredError);
    expect((error as HubSpotNotConfiguredError).code).toBe('HUBSPOT_NOT_CONFIGURED');

    const analysis = await offline.analyzeText({
      subject: 'classes missing',
      content: 'My son Ethan Park has no classes. Riverbend Unified School District.',
      ticketId: 'T-9',
    });
    expect(analysis.extracted.districtId).toBe('102');
    expect(analysis.recommendations[0]).toMatchObject({
      tool: 'missingData',
      prefill: { studentName: 'Ethan Park', districtId: '102', ticketId: 'T-9' },
    });
  });

  it('passes on a HubSpot that refuses the token as a reconnect error', async () => {
    const refused = createTicketService({
      hubspot: createHubSpotClient({ baseUrl: hubspot.url, accessToken: 'revoked' }),
      districts: async () => DISTRICTS,
    });
    await expect(refused.getTicket('512')).rejects.toBeInstanceOf(HubSpotAuthError);
  });

  it('recommends, for each demo ticket, the tool it was written for', async () => {
    const calls = [
      { tool: 'studentMismatch', input: { parentEmail: 'p.one@example.com', studentName: 'Marta Quintero' } },
      { tool: 'missingData', input: { studentName: 'Ana Lopez', school: 'Lincoln Elementary' } },
      { tool: 'parentEmailConflicts', input: { parentEmail: 'shared@example.com' } },
      {
        tool: 'campusTransfer',
        input: { studentName: 'Zoe Park', oldCampus: 'Lincoln Elementary', newCampus: 'Washington Middle School' },
      },
      { tool: 'studentSearch', input: { query: 'José Peñaloza' } },
      { tool: 'dataQualityReport', input: {} },
    ];
    const demo = await startLocalHubSpot({
      accessToken: 'demo',
      tickets: demoHubSpotTickets({ districtName: 'Lakeside ISD', calls }),
    });
    try {
      const tickets = createTicketService({
        hubspot: createHubSpotClient({ baseUrl: demo.url, accessToken: 'demo' }),
        districts: async () => DISTRICTS,
        schools: async (districtId) => SCHOOLS[districtId] ?? [],
      });
      for (const [i, call] of calls.entries()) {
        const ticket = await tickets.getTicket(String(1001 + i));
        expect(ticket?.analysis.recommendations[0]?.tool, call.tool).toBe(call.tool);
        expect(ticket?.analysis.recommendations[0]?.prefill).toMatchObject({ districtId: '101', ...call.input });
      }
    } finally {
      await demo.close();
    }
  });
});
