import { describe, expect, it } from 'vitest';
import { analyzeTicket } from './analyze-ticket';
import { MIN_CONFIDENCE } from './recommend-tools';

const DISTRICTS = [{ id: '101', names: ['Lakeside Independent School District'] }];
const SCHOOLS = ['Lincoln Elementary', 'Oak Ridge Elementary', 'Washington Middle School'];

const recommend = (subject: string, content: string, ticketId?: string) =>
  analyzeTicket({ subject, content, districts: DISTRICTS, schools: SCHOOLS, ticketId }).recommendations;

/** Input field names of each tool's mutation (shared/contract/diagnostics.graphql). */
const INPUT_FIELDS: Record<string, string[]> = {
  studentSearch: ['districtId', 'environment', 'query', 'ticketId'],
  studentMismatch: ['districtId', 'environment', 'parentEmail', 'studentName', 'ticketId'],
  missingData: ['districtId', 'environment', 'studentName', 'school', 'ticketId'],
  parentEmailConflicts: ['districtId', 'environment', 'parentEmail', 'ticketId'],
  campusTransfer: ['districtId', 'environment', 'studentName', 'oldCampus', 'newCampus', 'ticketId'],
  dataQualityReport: ['districtId', 'environment', 'ticketId'],
};

describe('recommendTools', () => {
  it('recommends the mismatch resolver, quoting the words, with the contract input names prefilled', () => {
    const [top] = recommend(
      'Not my kid',
      'Tyler Brooks shows on my account. He isnt my kid! My daughter is Emma Watkins. Lakeside ISD, jw@example.com',
      '512',
    );
    expect(top).toMatchObject({
      tool: 'studentMismatch',
      title: 'Student Mismatch Resolver',
      prefill: { districtId: '101', parentEmail: 'jw@example.com', studentName: 'Tyler Brooks', ticketId: '512' },
    });
    expect(top?.reasons).toEqual(
      expect.arrayContaining(["'Not my kid'", 'parent email found: jw@example.com', 'student named: Tyler Brooks']),
    );
    expect(top?.confidence).toBeGreaterThan(0.8);
  });

  it.each([
    ['typos in "classes"', 'my son ethan park clases are not showing, only 2 of his 6 clases', 'missingData'],
    [
      'typos in "campus"',
      'my daughter Chloe Bennett changed campuss, from Lincoln Elementary to Oak Ridge Elementary',
      'campusTransfer',
    ],
    ['no apostrophe', 'theres a kid on my acount that isnt my kid, Jayden Cole', 'studentMismatch'],
    [
      'a misspelt email',
      'me and my mom have the same emial on file, nana@example.com, and it keeps overwritting her name',
      'parentEmailConflicts',
    ],
    [
      'district-wide words',
      'dozens of parents across the district say their students are missing since the nightly sync',
      'dataQualityReport',
    ],
    ['a record to check', 'Can you look up the student Isabella Rossi? Her last name is spelled wrong.', 'studentSearch'],
  ])('tolerates %s', (_case, content, tool) => {
    expect(recommend('', content)[0]?.tool).toBe(tool);
  });

  it('prefills each tool with only its own input fields, and only what the ticket gives', () => {
    const all = recommend(
      'Transfer, missing classes and a shared email',
      'My son Diego Morales transferred from Lincoln Elementary to Oak Ridge Elementary and his classes are missing. My husband and I share the same email, dm@example.com. Many parents at every school in Lakeside ISD have this. Not my child either: Ava Nguyen. Can you look up Diego?',
      '77',
    );
    expect(all.map((r) => r.tool).sort()).toEqual(Object.keys(INPUT_FIELDS).sort());
    for (const recommendation of all) {
      expect(
        Object.keys(recommendation.prefill).every((field) => INPUT_FIELDS[recommendation.tool]?.includes(field)),
        recommendation.tool,
      ).toBe(true);
      expect(Object.values(recommendation.prefill).every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
    }
    expect(all.find((r) => r.tool === 'campusTransfer')?.prefill).toEqual({
      districtId: '101',
      ticketId: '77',
      studentName: 'Diego Morales',
      oldCampus: 'Lincoln Elementary',
      newCampus: 'Oak Ridge Elementary',
    });
  });

  it('ranks best first with confidences between the threshold and 1', () => {
    const all = recommend(
      '',
      'My son Diego Morales transferred from Lincoln Elementary to Oak Ridge Elementary and now his classes are missing.',
    );
    expect(all[0]?.tool).toBe('campusTransfer');
    for (const [i, recommendation] of all.entries()) {
      expect(recommendation.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
      expect(recommendation.confidence).toBeLessThanOrEqual(1);
      if (i > 0) expect(recommendation.confidence).toBeLessThanOrEqual(all[i - 1]?.confidence ?? 1);
    }
  });

  it('recommends nothing for tickets no tool answers', () => {
    expect(
      recommend(
        'Password reset not working',
        "I clicked forgot password and never got the email. I need to see my son's grades.",
      ),
    ).toEqual([]);
    expect(recommend('Invoice', 'Please send the invoice for our subscription, PO 5512.')).toEqual([]);
    expect(recommend('Dark mode?', 'Any plans for a dark mode? My kids use it at night.')).toEqual([]);
    expect(recommend('Change my email', 'I want to transfer my account to my new email address.')).toEqual([]);
    expect(recommend("Can't log in", "I can't log in to see my daughter's classes.")).toEqual([]);
  });

  it('falls back to looking a named student up when the ticket says nothing else', () => {
    const [only, ...rest] = recommend('Question', 'Can someone check on Aaliyah Jackson at Lincoln Elementary?');
    expect(only).toMatchObject({ tool: 'studentSearch', prefill: { query: 'Aaliyah Jackson' } });
    expect(rest).toEqual([]);
  });
});
