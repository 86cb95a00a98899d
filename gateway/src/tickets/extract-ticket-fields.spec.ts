import { describe, expect, it } from 'vitest';
import { extractTicketFields } from './extract-ticket-fields';
import { htmlToText } from './html-to-text';
import { matchDistrict } from './match-district';

const DISTRICTS = [
  { id: '101', names: ['Lakeside Independent School District'] },
  { id: '107', names: ['Lakeside Consolidated Independent School District'] },
  { id: '102', names: ['Riverbend Unified School District'] },
  { id: '106', names: ['Harbor City Schools'] },
];

const extract = (content: string, extra: Partial<Parameters<typeof extractTicketFields>[0]> = {}) =>
  extractTicketFields({ subject: '', content, districts: DISTRICTS, ...extra });

describe('htmlToText', () => {
  it('turns HubSpot rich text into lines of plain text', () => {
    expect(
      htmlToText(
        '<p>Hello&nbsp;there,</p><div><b>Ana</b> &amp; Ben&#39;s <i>classes</i><br/>are gone</div><ul><li>one</li><li>two</li></ul>',
      ),
    ).toBe("Hello there,\n\nAna & Ben's classes\nare gone\n\none\ntwo");
  });

  it('keeps angle-bracketed emails of forwarded headers and drops scripts', () => {
    expect(htmlToText('From: Karen <karen@example.com><script>alert(1)</script>')).toBe('From: Karen <karen@example.com>');
  });
});

describe('matchDistrict', () => {
  const match = (text: string, companyNames?: string[]) =>
    matchDistrict({ text, companyNames, districts: DISTRICTS })?.id ?? null;

  it.each([
    'Lakeside ISD',
    'lakeside isd',
    'Lakeside I.S.D.',
    'Lakeside Independent School District',
    'the lakeside independent school district',
    'LAKESIDE INDEPENDENT SCHOOL DISTRICT!',
    'Lakside ISD',
    'Lakeside Independant School Distrct',
  ])('reads %j as Lakeside ISD', (text) => {
    expect(match(`We are in ${text}.`)).toBe('101');
  });

  it('tells districts that share a name apart by their kind, and gives up when the text cannot', () => {
    expect(match('Lakeside CISD')).toBe('107');
    expect(match('Lakeside Consolidated ISD')).toBe('107');
    expect(match('We are in Lakeside schools')).toBeNull();
  });

  it('needs a district word or most of the name: a school or a bare word is not the district', () => {
    expect(match('She goes to Lakeside High School')).toBeNull();
    expect(match('We live by the lakeside')).toBeNull();
    expect(match('harbor city')).toBe('106');
    expect(match('Riverbend USD')).toBe('102');
    expect(match('Riverbend Unified')).toBe('102');
  });

  it('reads the associated HubSpot company, by id when the settings name it, else by name', () => {
    expect(match('My son has no classes.', ['Riverbend Unified School District'])).toBe('102');
    const withIds = [...DISTRICTS, { id: '900', names: ['Acme Academy'], hubspotCompanyIds: ['9001'] }];
    expect(matchDistrict({ text: 'Lakeside ISD', companyNames: ['Acme'], companyIds: ['9001'], districts: withIds })?.id).toBe(
      '900',
    );
  });
});

describe('extractTicketFields', () => {
  it('collects every email, lower case, contacts first, once each', () => {
    const fields = extract('Reach me at Jane.Doe@Example.com or jane.doe@example.com, or my husband at bob@example.org.', {
      contacts: [{ email: 'Contact@Example.com' }],
    });
    expect(fields.parentEmails).toEqual(['contact@example.com', 'jane.doe@example.com', 'bob@example.org']);
  });

  it.each([
    ['my son Ethan Park has no classes', ['Ethan Park']],
    ['my daughter mia johnson clases are missing', ['Mia Johnson']],
    ['Student: Benjamin Wright, ID 448812', ['Benjamin Wright']],
    ['Student name - lopez, ana', ['Ana Lopez']],
    ['Please check enrollments for Samuel Ortiz at Hillcrest Middle School', ['Samuel Ortiz']],
    ['Lopez, Ana (grade 3) has no classes', ['Ana Lopez']],
    ['there is a student named Tyler Brooks on my account', ['Tyler Brooks']],
    ['his name is Jayden Cole', ['Jayden Cole']],
    ['a student who is not hers, Kevin Zhang, is linked to her account', ['Kevin Zhang']],
    ['Why is Caleb Foster on my account?? He is not my son.', ['Caleb Foster']],
    ["Lily Anderson's profile is blank, she is my daughter", ['Lily Anderson']],
    ["someone else's child (Liam O'Connor, 3rd grade) shows up", ["Liam O'Connor"]],
    ['Mi hija es Lucia Fernandez', ['Lucia Fernandez']],
  ])('finds the student in %j', (content, names) => {
    expect(extract(content).studentNames).toEqual(names);
  });

  it('leaves out the writer, staff and organisations', () => {
    const fields = extract(
      'My son Noah Kim at Jefferson Elementary has Mrs. Patel listed but his teacher is Mr. John Alvarez. For Harbor City Schools.\nThanks,\nDaniel Kim',
    );
    expect(fields.studentNames).toEqual(['Noah Kim']);
    const withContact = extract('Why is Grace Park on my account? She is not my daughter. My son is Leo Park.', {
      contacts: [{ email: 'grace@example.com', firstName: 'Grace', lastName: 'Park' }],
    });
    expect(withContact.studentNames).toEqual(['Leo Park']);
    expect(extract('My name is Maria Lopez and my son Ben Lopez is missing').studentNames).toEqual(['Ben Lopez']);
  });

  it('names campuses as the district lists them, and reads the move of a transfer', () => {
    const fields = extract(
      'my daughter Chloe Bennett switched campuss in january, from washington middle to pecan creek intermediate. lakeside isd',
      {
        schools: ['Washington Middle School', 'Pecan Creek Intermediate', 'Lincoln Elementary'],
      },
    );
    expect(fields).toMatchObject({
      districtId: '101',
      campuses: ['Washington Middle School', 'Pecan Creek Intermediate'],
      oldCampus: 'Washington Middle School',
      newCampus: 'Pecan Creek Intermediate',
      issueType: 'CAMPUS_TRANSFER',
    });
  });

  it('reads campuses from the words when no list is given, and which was left', () => {
    const fields = extract(
      'Jacob withdrew from Pecan Creek Intermediate and enrolled at Washington Middle School; the app still lists Pecan Creek Intermediate.',
    );
    expect(fields.campuses).toEqual(['Pecan Creek Intermediate', 'Washington Middle School']);
    expect([fields.oldCampus, fields.newCampus]).toEqual(['Pecan Creek Intermediate', 'Washington Middle School']);
  });

  it('does not read a district name as a campus, nor old and new campuses into a ticket about something else', () => {
    const fields = extract('My daughter goes to Lincoln Elementary in Harbor City Schools and her classes are missing.');
    expect(fields.campuses).toEqual(['Lincoln Elementary']);
    expect([fields.oldCampus, fields.newCampus]).toEqual([null, null]);
  });

  it('says what kind of issue it is and how urgent', () => {
    expect(extract('There is a child on my account who is not mine.')).toMatchObject({
      issueType: 'WRONG_STUDENT_LINKED',
      priority: 'HIGH',
    });
    expect(extract('Court order: my ex must not see my son, but he does.').priority).toBe('URGENT');
    expect(extract('I forgot my password.')).toMatchObject({ issueType: 'ACCOUNT_ACCESS', priority: null });
    expect(extract('Love the app.')).toMatchObject({ issueType: null, priority: null });
  });
});
