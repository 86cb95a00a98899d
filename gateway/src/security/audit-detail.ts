import { type DocumentNode, Kind, print, visit } from 'graphql';

/**
 * What an audit row keeps of a GraphQL operation: the document and variables with secrets
 * taken out, and the ids of the records the answer returned.
 */

/** Argument, input field and variable names whose values are secrets: never written anywhere. */
const SECRET_NAME = /^(value|secret|password|token|code|totp|totpCode|clientSecret|accessToken|connectionString|url)$/i;
export const REDACTED = '[redacted]';

/** The document as text, with string literals of secret-named arguments and input fields replaced. */
export function redactDocument(document: DocumentNode): string {
  const redacted = visit(document, {
    Argument(node) {
      return SECRET_NAME.test(node.name.value) && node.value.kind === Kind.STRING
        ? { ...node, value: { kind: Kind.STRING, value: REDACTED } }
        : undefined;
    },
    ObjectField(node) {
      return SECRET_NAME.test(node.name.value) && node.value.kind === Kind.STRING
        ? { ...node, value: { kind: Kind.STRING, value: REDACTED } }
        : undefined;
    },
  });
  return print(redacted);
}

/** Variables with the values of secret-named keys replaced, at any depth. */
export function redactVariables(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactVariables(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      SECRET_NAME.test(key) && typeof item === 'string' ? REDACTED : redactVariables(item, depth + 1),
    ]),
  );
}

/** Keys whose string values identify a record (OneRoster sourcedIds, Bookmarked and gateway ids). */
const ID_KEY = /^(id|sourcedId|sourcedIds|bookmarkedId|userSourcedId|classSourcedId|schoolSourcedId|districtId)$/;
export const MAX_AUDITED_IDS = 10_000;
const MAX_VISITED = 500_000;

/**
 * The record ids an answer holds, in first-seen order, walking objects and lists (JSON
 * evidence included). Bounded: at most MAX_AUDITED_IDS ids and MAX_VISITED values walked;
 * `truncated` says when the bound was hit.
 */
export function collectRecordIds(data: unknown): { ids: string[]; truncated: boolean } {
  const ids = new Set<string>();
  let visited = 0;
  let truncated = false;
  const stack: unknown[] = [data];
  while (stack.length) {
    if (++visited > MAX_VISITED || ids.size >= MAX_AUDITED_IDS) {
      truncated = true;
      break;
    }
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as [string, unknown];
      if (ID_KEY.test(key) && (typeof item === 'string' || typeof item === 'number')) {
        ids.add(String(item));
      } else if (ID_KEY.test(key) && Array.isArray(item) && item.every((id) => typeof id === 'string')) {
        for (const id of item) ids.add(id);
      } else if (item !== null && typeof item === 'object') {
        stack.push(item);
      }
    }
  }
  return { ids: [...ids].slice(0, MAX_AUDITED_IDS), truncated };
}
