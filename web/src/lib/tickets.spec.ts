import { describe, expect, it } from 'vitest';
import { confidenceLabel, looksLikeTicketRef, recommendationHref, splitTicketText } from './tickets';

describe('ticket processor helpers', () => {
  it('tells a ticket link or number from pasted text', () => {
    expect(looksLikeTicketRef('123456')).toBe(true);
    expect(looksLikeTicketRef('#123456')).toBe(true);
    expect(looksLikeTicketRef('https://app.hubspot.com/contacts/42/ticket/987')).toBe(true);
    expect(looksLikeTicketRef('https://app-eu1.hubspot.com/contacts/42/record/0-5/987')).toBe(true);
    expect(looksLikeTicketRef('My son Ana Lopez is missing from Lakeside ISD')).toBe(false);
    expect(looksLikeTicketRef('https://evil.example/ticket/1')).toBe(false);
  });

  it('splits pasted text into subject and content', () => {
    expect(splitTicketText('Wrong child\nI see a child who is not mine.')).toEqual({
      subject: 'Wrong child',
      content: 'I see a child who is not mine.',
    });
    expect(splitTicketText('one line only')).toEqual({ subject: 'one line only', content: 'one line only' });
  });

  it('opens the recommended tool with its inputs pre-filled', () => {
    expect(
      recommendationHref({
        tool: 'studentMismatch',
        prefill: { districtId: '1001', parentEmail: 'p@x.org', studentName: 'Ana Lopez', ticketId: '77', school: null },
        districtId: null,
        environment: 'STAGING',
      }),
    ).toBe('/tools/studentMismatch?district=1001&environment=staging&parentEmail=p%40x.org&studentName=Ana+Lopez&ticketId=77');
    expect(recommendationHref({ tool: 'dataQualityReport', prefill: {}, districtId: '9', environment: 'PRODUCTION' })).toBe(
      '/tools/dataQualityReport?district=9&environment=production',
    );
    expect(confidenceLabel(0.9)).toBe('Strong match');
    expect(confidenceLabel(0.2)).toBe('Possible');
  });
});
