import { describe, expect, it } from 'vitest';
import { parseTicketRef, parseTicketRefWithHost, ticketAppUrl } from './parse-ticket-ref';

describe('parseTicketRef', () => {
  it.each([
    ['https://app.hubspot.com/contacts/62515/record/0-5/512', { ticketId: '512', portalId: '62515' }],
    ['https://app.hubspot.com/contacts/62515/record/0-5/512/', { ticketId: '512', portalId: '62515' }],
    ['https://app.hubspot.com/contacts/62515/record/0-5/512/view/1', { ticketId: '512', portalId: '62515' }],
    [
      'https://app.hubspot.com/contacts/62515/record/0-5/512?interaction=note&tab=activity',
      { ticketId: '512', portalId: '62515' },
    ],
    ['https://app.hubspot.com/contacts/62515/ticket/512', { ticketId: '512', portalId: '62515' }],
    ['https://app.hubspot.com/contacts/62515/ticket/512/', { ticketId: '512', portalId: '62515' }],
    ['https://app.hubspot.com/help-desk/62515/view/8812/ticket/512', { ticketId: '512', portalId: '62515' }],
    ['https://app.hubspot.com/help-desk/62515/view/8812/ticket/512/?filters=open', { ticketId: '512', portalId: '62515' }],
    ['https://app-eu1.hubspot.com/contacts/144000/record/0-5/9001', { ticketId: '9001', portalId: '144000' }],
    ['http://app.hubspot.com/contacts/62515/record/0-5/512', { ticketId: '512', portalId: '62515' }],
    ['app.hubspot.com/contacts/62515/record/0-5/512', { ticketId: '512', portalId: '62515' }],
    ['  https://app.hubspot.com/contacts/62515/record/0-5/512  ', { ticketId: '512', portalId: '62515' }],
    ['512', { ticketId: '512' }],
    ['  512 ', { ticketId: '512' }],
    ['#512', { ticketId: '512' }],
    [' # 512', { ticketId: '512' }],
  ])('reads %s', (ref, expected) => {
    expect(parseTicketRef(ref)).toEqual(expected);
  });

  it.each([
    '',
    'ticket 512',
    '512a',
    '-512',
    '5.12',
    'https://app.hubspot.com/contacts/62515/record/0-1/512',
    'https://app.hubspot.com/contacts/62515/record/0-2/512',
    'https://app.hubspot.com/contacts/62515/company/512',
    'https://app.hubspot.com/contacts/62515/record/0-5/',
    'https://app.hubspot.com/contacts/portal/record/0-5/512',
    'https://evil.example.com/contacts/62515/record/0-5/512',
    'https://app.hubspot.com.evil.example/contacts/62515/record/0-5/512',
    'ftp://app.hubspot.com/contacts/62515/record/0-5/512',
    'https://app.hubspot.com/reports-dashboard/62515/view/512',
  ])('rejects %j', (ref) => {
    expect(parseTicketRef(ref)).toBeNull();
  });

  it('keeps the regional host so that links go back to the same region', () => {
    const ref = parseTicketRefWithHost('https://app-eu1.hubspot.com/contacts/144000/record/0-5/9001/view/1');
    expect(ref).toEqual({ ticketId: '9001', portalId: '144000', appHost: 'app-eu1.hubspot.com' });
    expect(ticketAppUrl(ref ?? { ticketId: '' })).toBe('https://app-eu1.hubspot.com/contacts/144000/record/0-5/9001');
    expect(ticketAppUrl({ ticketId: '512' })).toBeNull();
  });
});
