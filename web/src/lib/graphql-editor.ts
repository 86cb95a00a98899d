import {
  type GraphQLArgument,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  validate,
} from 'graphql';

/**
 * The workbench editor's language support, without an editor library: validation against the
 * gateway's schema (graphql-js), schema-aware completion of fields, arguments and enum values,
 * and syntax colouring for the overlay. (CodeMirror 6 with cm6-graphql can replace the
 * textarea later; these stay useful for tests either way.)
 */

export interface Problem {
  message: string;
  line: number;
  column: number;
}

/** What is wrong with a document for the workbench: syntax, schema, or a write. */
export function validateDocument(schema: GraphQLSchema | null, text: string): Problem[] {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(text);
  } catch (error) {
    if (error instanceof GraphQLError) {
      const at = error.locations?.[0];
      return [{ message: error.message.replace(/^Syntax Error: /, 'Syntax: '), line: at?.line ?? 1, column: at?.column ?? 1 }];
    }
    throw error;
  }
  const problems: Problem[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation !== 'query') {
      const at = definition.loc?.startToken;
      problems.push({
        message: `The workbench runs read-only queries: "${definition.operation}" is refused.`,
        line: at?.line ?? 1,
        column: at?.column ?? 1,
      });
    }
  }
  if (schema) {
    for (const error of validate(schema, document)) {
      const at = error.locations?.[0];
      problems.push({ message: error.message, line: at?.line ?? 1, column: at?.column ?? 1 });
    }
  }
  return problems;
}

export interface Completion {
  label: string;
  /** The type, for fields and arguments. */
  detail: string;
  kind: 'field' | 'argument' | 'enum' | 'keyword' | 'type';
  documentation?: string | null;
}

export interface CompletionResult {
  /** Replace text[from, to) with the chosen label. */
  from: number;
  to: number;
  items: Completion[];
}

type Token = { kind: 'name' | 'punct' | 'string' | 'number' | 'variable'; value: string; start: number };

/** GraphQL tokens of `text` (comments and commas skipped); a string left open ends the text. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (/[\s,]/.test(c)) {
      i += 1;
    } else if (c === '"') {
      const start = i;
      const block = text.startsWith('"""', i);
      i += block ? 3 : 1;
      while (i < text.length && !(block ? text.startsWith('"""', i) : text[i] === '"' || text[i] === '\n'))
        i += text[i] === '\\' ? 2 : 1;
      i += block ? 3 : 1;
      tokens.push({ kind: 'string', value: text.slice(start, i), start });
    } else if (c === '$') {
      const start = i;
      i += 1;
      while (i < text.length && /\w/.test(text[i] as string)) i += 1;
      tokens.push({ kind: 'variable', value: text.slice(start, i), start });
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < text.length && /\w/.test(text[i] as string)) i += 1;
      tokens.push({ kind: 'name', value: text.slice(start, i), start });
    } else if (/[-\d]/.test(c)) {
      const start = i;
      i += 1;
      while (i < text.length && /[\d.eE+-]/.test(text[i] as string)) i += 1;
      tokens.push({ kind: 'number', value: text.slice(start, i), start });
    } else if (text.startsWith('...', i)) {
      tokens.push({ kind: 'punct', value: '...', start: i });
      i += 3;
    } else {
      tokens.push({ kind: 'punct', value: c, start: i });
      i += 1;
    }
  }
  return tokens;
}

const fieldsOf = (type: GraphQLNamedType | null | undefined): Record<string, GraphQLField<unknown, unknown>> =>
  type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};

const typeLabel = (type: { toString(): string }) => type.toString();

/**
 * What can be typed at `offset`: the fields of the enclosing selection's type, the arguments of
 * the field whose parentheses we are in (or the values of an enum argument), or a keyword.
 */
export function completionsAt(schema: GraphQLSchema, text: string, offset: number): CompletionResult {
  let from = offset;
  while (from > 0 && /\w/.test(text[from - 1] as string)) from -= 1;
  const prefix = text.slice(from, offset);
  const before = text.slice(0, from);
  const insideString = ((before.split('\n').at(-1) ?? '').match(/"/g)?.length ?? 0) % 2 === 1;
  if (/[$@]$/.test(before) || insideString) return { from, to: offset, items: [] };

  const stack: (GraphQLNamedType | null)[] = [];
  let operation: 'query' | 'mutation' | 'subscription' | null = null;
  let fragmentType: GraphQLNamedType | null = null;
  let pendingField: string | null = null;
  let typeCondition: string | null = null;
  let afterOn = false;
  let args: { field: GraphQLField<unknown, unknown> | null; argument: string | null; depth: number } | null = null;
  let parenDepth = 0;
  let previous: Token | null = null;

  for (const token of tokenize(before)) {
    if (token.kind === 'punct') {
      if (token.value === '{') {
        if (parenDepth > 0) {
          // an input object value inside arguments
        } else if (stack.length === 0) {
          stack.push(
            fragmentType ??
              (operation === 'mutation'
                ? schema.getMutationType()
                : operation === 'subscription'
                  ? schema.getSubscriptionType()
                  : schema.getQueryType()) ??
              null,
          );
        } else if (typeCondition) {
          stack.push(schema.getType(typeCondition) ?? null);
        } else {
          const field = pendingField ? fieldsOf(stack.at(-1))[pendingField] : undefined;
          stack.push(field ? getNamedType(field.type) : null);
        }
        pendingField = null;
        typeCondition = null;
      } else if (token.value === '}') {
        if (parenDepth === 0) {
          stack.pop();
          if (stack.length === 0) {
            operation = null;
            fragmentType = null;
          }
        }
      } else if (token.value === '(') {
        parenDepth += 1;
        if (parenDepth === 1)
          args = {
            field: pendingField ? (fieldsOf(stack.at(-1))[pendingField] ?? null) : null,
            argument: null,
            depth: stack.length,
          };
      } else if (token.value === ')') {
        parenDepth = Math.max(0, parenDepth - 1);
        if (parenDepth === 0) args = null;
      } else if (token.value === ':' && parenDepth === 1 && args && previous?.kind === 'name') {
        args.argument = previous.value;
      }
    } else if (token.kind === 'name' && parenDepth === 0) {
      if (stack.length === 0) {
        if (token.value === 'query' || token.value === 'mutation' || token.value === 'subscription') operation = token.value;
        if (afterOn) fragmentType = schema.getType(token.value) ?? null;
        afterOn = token.value === 'on';
      } else if (previous?.kind === 'name' && previous.value === 'on' && tokensBeforeWasSpread(previous, before)) {
        typeCondition = token.value;
      } else if (token.value !== 'on') {
        pendingField = token.value;
        typeCondition = null;
      }
    }
    previous = token;
  }

  const match = (label: string) => label.toLowerCase().startsWith(prefix.toLowerCase());
  const rank = (items: Completion[]) => items.filter((item) => match(item.label)).sort((a, b) => a.label.localeCompare(b.label));

  if (parenDepth > 0 && args) {
    const lastChar = before.trimEnd().at(-1);
    if (lastChar === ':' && args.argument && args.field) {
      const argument = args.field.args.find((a: GraphQLArgument) => a.name === args?.argument);
      const named = argument ? getNamedType(argument.type) : null;
      if (named && isEnumType(named)) {
        return {
          from,
          to: offset,
          items: rank(
            named.getValues().map((v) => ({ label: v.name, detail: named.name, kind: 'enum', documentation: v.description })),
          ),
        };
      }
      return { from, to: offset, items: [] };
    }
    if (args.field && (lastChar === '(' || lastChar === ',' || /[\w"\])}]$/.test(before.trimEnd()))) {
      return {
        from,
        to: offset,
        items: rank(
          args.field.args.map((a) => ({
            label: a.name,
            detail: typeLabel(a.type),
            kind: 'argument',
            documentation: a.description,
          })),
        ),
      };
    }
    return { from, to: offset, items: [] };
  }

  if (stack.length === 0) {
    return {
      from,
      to: offset,
      items: rank(['query', 'fragment'].map((label) => ({ label, detail: 'keyword', kind: 'keyword' }))),
    };
  }
  const parent = stack.at(-1);
  if (before.trimEnd().endsWith('... on') || /\.\.\.\s*on\s+$/.test(before)) {
    const possible = parent && (isInterfaceType(parent) || isUnionType(parent)) ? schema.getPossibleTypes(parent) : [];
    return {
      from,
      to: offset,
      items: rank(possible.map((t) => ({ label: t.name, detail: 'type', kind: 'type', documentation: t.description }))),
    };
  }
  const fields = Object.values(fieldsOf(parent)).map(
    (f): Completion => ({ label: f.name, detail: typeLabel(f.type), kind: 'field', documentation: f.description }),
  );
  if (parent && isUnionType(parent)) fields.push({ label: '__typename', detail: 'String!', kind: 'field' });
  return { from, to: offset, items: rank(fields) };
}

// `... on Type {` (an inline fragment) versus a field named `on`: look for the spread before `on`.
function tokensBeforeWasSpread(onToken: Token, text: string): boolean {
  return /\.\.\.\s*$/.test(text.slice(0, onToken.start));
}

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const KEYWORDS = new Set(['query', 'mutation', 'subscription', 'fragment', 'on', 'true', 'false', 'null']);

/** HTML with spans for the overlay behind the textarea (classes tk-keyword, tk-string…); text is escaped. */
export function highlightGraphQL(text: string): string {
  let html = '';
  let i = 0;
  const pattern =
    /(#[^\n]*)|("""[\s\S]*?(?:"""|$)|"(?:[^"\\\n]|\\.)*"?)|(\$\w+)|(@\w+)|([A-Za-z_]\w*)|(-?\d[\d.eE+-]*)|([{}()[\]:!=|&]|\.\.\.)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    html += escapeHtml(text.slice(i, m.index));
    const [token, comment, string, variable, directive, name, number] = m;
    const cls = comment
      ? 'comment'
      : string
        ? 'string'
        : variable
          ? 'variable'
          : directive
            ? 'directive'
            : name
              ? KEYWORDS.has(name)
                ? 'keyword'
                : /^[A-Z]/.test(name)
                  ? 'type'
                  : 'name'
              : number
                ? 'number'
                : 'punct';
    html += `<span class="tk-${cls}">${escapeHtml(token)}</span>`;
    i = m.index + token.length;
  }
  return html + escapeHtml(text.slice(i));
}
