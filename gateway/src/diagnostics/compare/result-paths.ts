import { InputError } from '../../errors';

/**
 * The records at a dotted path of a query's answer, e.g. `district.source.students`. Lists
 * met on the way are flattened, so `district.source.schools.classes` gives every class of
 * every school. A null on the way gives no records; a name the answer does not have is an
 * input error (usually a typo, or a field missing from the selection).
 */
export function recordsAt(options: { data: unknown; path: string; side: string }): unknown[] {
  const steps = options.path.split('.').map((step) => step.trim());
  if (steps.some((step) => !step))
    throw new InputError(`${options.side}: "${options.path}" is not a dotted path like district.source.students.`);
  let current: unknown[] = [options.data];
  const walked: string[] = [];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const item of current) {
      if (item === null || item === undefined) continue;
      if (typeof item !== 'object') {
        throw new InputError(`${options.side}: "${walked.join('.')}" is a value, not an object, so it has no "${step}".`);
      }
      if (!(step in item)) {
        const known = Object.keys(item).join(', ');
        throw new InputError(
          `${options.side}: the answer has no "${step}" under "${walked.join('.') || '(root)'}"; it has ${known || 'nothing'}. Select it in the document (aliases count).`,
        );
      }
      const value = (item as Record<string, unknown>)[step];
      if (Array.isArray(value)) for (const element of value) next.push(element);
      else next.push(value);
    }
    walked.push(step);
    current = next;
  }
  return current.filter((record) => record !== null && record !== undefined);
}
