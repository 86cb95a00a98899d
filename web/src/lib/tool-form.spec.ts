import { describe, expect, it } from 'vitest';
import { formControls, prefillValues, runMutation, ticketIdFrom, toolInput, validateToolInput } from './tool-form';
import type { ToolField } from './types';

// As the `tools` query describes Student Mismatch Resolver.
const fields: ToolField[] = [
  { name: 'districtId', label: 'District', type: 'DISTRICT', required: true, help: '' },
  { name: 'environment', label: 'Environment', type: 'ENVIRONMENT', required: true, help: '' },
  { name: 'parentEmail', label: 'Parent email', type: 'EMAIL', required: true, help: 'The parent account.' },
  { name: 'studentName', label: 'Student name', type: 'PERSON_NAME', required: true, help: '' },
  { name: 'ticketId', label: 'Ticket', type: 'TICKET', required: false, help: '' },
  { name: 'school', label: 'School', type: 'CAMPUS', required: false, help: '' },
];

describe('tool forms from input fields', () => {
  it('renders the tool’s own fields in order, ticket last, district and environment as context', () => {
    const controls = formControls(fields);
    expect(controls.map((c) => c.name)).toEqual(['parentEmail', 'studentName', 'school', 'ticketId']);
    expect(controls[0]).toMatchObject({
      inputType: 'email',
      autocomplete: 'email',
      placeholder: 'parent@example.org',
      required: true,
    });
    expect(controls[1]?.placeholder).toBe('Ana Lopez or Lopez, Ana');
  });

  it('gives a message per field that is not right', () => {
    expect(validateToolInput(fields, {})).toEqual({
      parentEmail: 'Parent email is required.',
      studentName: 'Student name is required.',
    });
    expect(validateToolInput(fields, { parentEmail: 'not-an-email', studentName: '1' })).toEqual({
      parentEmail: 'Enter an email address like parent@example.org.',
      studentName: 'Enter a name like "Ana Lopez" or "Lopez, Ana".',
    });
    expect(validateToolInput(fields, { parentEmail: 'a@b.org', studentName: 'Lopez, Ana', school: 'x' })).toEqual({
      school: 'School needs at least 2 characters.',
    });
    expect(validateToolInput(fields, { parentEmail: 'a@b.org', studentName: 'Ana Lopez' })).toEqual({});
    expect(validateToolInput(fields, { parentEmail: 'a@b.org', studentName: 'A'.repeat(201) }).studentName).toMatch(/too long/);
  });

  it('builds the mutation input with the context, trimmed values and no empty optionals', () => {
    expect(
      toolInput({
        fields,
        values: {
          parentEmail: ' a@b.org ',
          studentName: 'Ana Lopez',
          school: '',
          ticketId: 'https://app.hubspot.com/contacts/123/ticket/987654',
        },
        districtId: '1001',
        environment: 'PRODUCTION',
      }),
    ).toEqual({
      districtId: '1001',
      environment: 'PRODUCTION',
      parentEmail: 'a@b.org',
      studentName: 'Ana Lopez',
      ticketId: '987654',
    });
  });

  it('reads ticket numbers from HubSpot links', () => {
    expect(ticketIdFrom('https://app-eu1.hubspot.com/contacts/42/record/0-5/1234')).toBe('1234');
    expect(ticketIdFrom(' 5555 ')).toBe('5555');
    expect(ticketIdFrom('')).toBeNull();
  });

  it('prefills known fields only, from the URL or a recommendation', () => {
    expect(prefillValues(fields, new URLSearchParams('studentName=Ana%20Lopez&districtId=9&evil=1'))).toEqual({
      studentName: 'Ana Lopez',
    });
    expect(prefillValues(fields, { parentEmail: 'p@x.org', studentName: 3 })).toEqual({ parentEmail: 'p@x.org' });
  });

  it('writes the run mutation for any tool, refusing names that are not GraphQL names', () => {
    expect(runMutation({ name: 'studentMismatch', inputTypeName: 'StudentMismatchInput' }, 'id status')).toBe(
      'mutation RunStudentMismatch($input: StudentMismatchInput!) {\n  run: studentMismatch(input: $input) {\n    id status\n  }\n}',
    );
    expect(() => runMutation({ name: 'x { evil }', inputTypeName: 'X' }, 'id')).toThrow(/not a GraphQL name/);
  });
});
