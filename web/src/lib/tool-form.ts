import type { Environment, ToolField, ToolInfo } from './types';

/**
 * Builds a tool's form from the input fields the `tools` query describes, validates what the
 * engineer typed, and turns it into the mutation's `input`. The district and environment are
 * not form fields: they come from the district picker and are shown as the run's context.
 */

export const MAX_INPUT_LENGTH = 200;
const CONTEXT_TYPES = new Set(['DISTRICT', 'ENVIRONMENT']);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface FormControl {
  name: string;
  label: string;
  help: string;
  required: boolean;
  type: string;
  /** The HTML input type. */
  inputType: 'text' | 'email' | 'search';
  autocomplete: 'email' | 'off';
  placeholder: string;
}

const PLACEHOLDERS: Record<string, string> = {
  EMAIL: 'parent@example.org',
  PERSON_NAME: 'Ana Lopez or Lopez, Ana',
  STUDENT_QUERY: 'Name, email, student number or sourcedId',
  CAMPUS: 'School name, school code or sourcedId',
  TICKET: 'HubSpot ticket number or link (optional)',
};

/** The fields the engineer fills in, in the tool's order, with the ticket field last. */
export function formControls(fields: readonly ToolField[]): FormControl[] {
  const own = fields.filter((field) => !CONTEXT_TYPES.has(field.type));
  const ordered = [...own.filter((field) => field.type !== 'TICKET'), ...own.filter((field) => field.type === 'TICKET')];
  return ordered.map((field) => ({
    name: field.name,
    label: field.label,
    help: field.help,
    required: field.required,
    type: field.type,
    inputType: field.type === 'EMAIL' ? 'email' : field.type === 'STUDENT_QUERY' ? 'search' : 'text',
    autocomplete: field.type === 'EMAIL' ? 'email' : 'off',
    placeholder: PLACEHOLDERS[field.type] ?? '',
  }));
}

/** Field name → message, for every field that is not right yet. Empty when the form can run. */
export function validateToolInput(
  fields: readonly ToolField[],
  values: Record<string, string | undefined>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const control of formControls(fields)) {
    const value = (values[control.name] ?? '').trim();
    if (!value) {
      if (control.required) errors[control.name] = `${control.label} is required.`;
      continue;
    }
    if (value.length > MAX_INPUT_LENGTH) {
      errors[control.name] = `${control.label} is too long (at most ${MAX_INPUT_LENGTH} characters).`;
    } else if (control.type === 'EMAIL' && !EMAIL_PATTERN.test(value)) {
      errors[control.name] = 'Enter an email address like parent@example.org.';
    } else if (control.type === 'PERSON_NAME' && (value.length < 2 || !/\p{L}/u.test(value))) {
      errors[control.name] = 'Enter a name like "Ana Lopez" or "Lopez, Ana".';
    } else if ((control.type === 'CAMPUS' || control.type === 'STUDENT_QUERY') && value.length < 2) {
      errors[control.name] = `${control.label} needs at least 2 characters.`;
    }
  }
  return errors;
}

/** A HubSpot ticket link or number → the ticket number the run records. */
export function ticketIdFrom(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const fromUrl = /\/(?:ticket|tickets|record\/0-5)\/(\d+)/.exec(trimmed)?.[1];
  return fromUrl ?? trimmed;
}

/** The mutation's `input`: trimmed values, empty optional fields left out, plus the run's context. */
export function toolInput(options: {
  fields: readonly ToolField[];
  values: Record<string, string | undefined>;
  districtId: string;
  environment: Environment;
}): Record<string, string> {
  const input: Record<string, string> = { districtId: options.districtId, environment: options.environment };
  for (const control of formControls(options.fields)) {
    const raw = (options.values[control.name] ?? '').trim();
    if (!raw) continue;
    input[control.name] = control.type === 'TICKET' ? (ticketIdFrom(raw) ?? raw) : raw;
  }
  return input;
}

/** Values to start the form with: from the URL (a ticket's prefill, a re-run), known fields only. */
export function prefillValues(
  fields: readonly ToolField[],
  source: URLSearchParams | Record<string, unknown>,
): Record<string, string> {
  const get = (name: string) => (source instanceof URLSearchParams ? source.get(name) : source[name]);
  const values: Record<string, string> = {};
  for (const control of formControls(fields)) {
    const value = get(control.name);
    if (typeof value === 'string' && value.trim()) values[control.name] = value.trim().slice(0, MAX_INPUT_LENGTH);
  }
  return values;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * The run mutation for any tool, from its name and input type (tools are not known by name
 * here: the `tools` query lists them). `selection` is the DiagnosticRun selection set.
 */
export function runMutation(tool: Pick<ToolInfo, 'name' | 'inputTypeName'>, selection: string): string {
  if (!GRAPHQL_NAME.test(tool.name) || !GRAPHQL_NAME.test(tool.inputTypeName)) {
    throw new Error(`Tool "${tool.name}" has a name or input type that is not a GraphQL name.`);
  }
  return `mutation Run${tool.name[0]?.toUpperCase()}${tool.name.slice(1)}($input: ${tool.inputTypeName}!) {\n  run: ${tool.name}(input: $input) {\n    ${selection.trim()}\n  }\n}`;
}
