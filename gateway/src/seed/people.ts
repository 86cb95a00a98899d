import type { DistrictBuilder } from './district-builder';
import { EMAIL_PROVIDERS, emailSafe } from './name-pools';
import type { SeededRandom } from './prng';

/** Email and phone conventions shared by the random roster and the planted families. */

const NAME_SUFFIX_WORDS = new Set([
  'independent',
  'unified',
  'public',
  'school',
  'schools',
  'district',
  'county',
  'city',
  'community',
  'consolidated',
  'area',
  'joint',
  'union',
  'regional',
]);

/** "Lakeside Independent School District" → "lakesideisd.org"; "Pine Valley Public Schools" → "pinevalleyps.org". */
export function districtEmailDomain(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  const firstSuffix = words.findIndex((word, index) => index > 0 && NAME_SUFFIX_WORDS.has(word.toLowerCase()));
  const stem = firstSuffix === -1 ? words : words.slice(0, firstSuffix);
  const suffix = firstSuffix === -1 ? [] : words.slice(firstSuffix);
  const initials = suffix.map((word) => word[0] ?? '').join('');
  return `${emailSafe(stem.join(''))}${emailSafe(initials)}.org` || 'district.org';
}

export function studentEmail(
  builder: DistrictBuilder,
  options: { givenName: string; familyName: string; domain: string },
): string {
  return builder.uniqueEmail(`${emailSafe(options.givenName)}.${emailSafe(options.familyName)}`, `students.${options.domain}`);
}

export function teacherEmail(
  builder: DistrictBuilder,
  options: { givenName: string; familyName: string; domain: string },
): string {
  return builder.uniqueEmail(`${emailSafe(options.givenName).slice(0, 1)}${emailSafe(options.familyName)}`, options.domain);
}

/** Personal addresses in the styles parents really use. */
export function parentEmail(
  builder: DistrictBuilder,
  rng: SeededRandom,
  options: { givenName: string; familyName: string },
): string {
  const given = emailSafe(options.givenName);
  const family = emailSafe(options.familyName);
  const style = rng.int(0, 3);
  const local =
    style === 0
      ? `${given}.${family}`
      : style === 1
        ? `${given}${family}`
        : style === 2
          ? `${given.slice(0, 1)}${family}${rng.int(10, 99)}`
          : `${family}.${given}`;
  return builder.uniqueEmail(local, rng.pick(EMAIL_PROVIDERS));
}

const AREA_CODES: Record<string, readonly string[]> = {
  TX: ['512', '713', '214', '210', '817'],
  CA: ['916', '415', '510', '619', '559'],
  NY: ['212', '518', '716'],
  WA: ['206', '509'],
  OR: ['503', '541'],
  CO: ['303', '719'],
  FL: ['305', '407', '813'],
};

export function phoneNumber(rng: SeededRandom, state: string): string {
  const area = rng.pick(AREA_CODES[state] ?? ['555']);
  return `(${area}) 555-${String(rng.int(100, 9999)).padStart(4, '0')}`;
}

/** Unique all-digit student numbers: increasing with random gaps, so they look issued over time. */
export class StudentNumbers {
  #next: number;
  constructor(private readonly rng: SeededRandom) {
    this.#next = 1_000_000 + rng.int(0, 49_999);
  }
  next(): string {
    this.#next += this.rng.int(1, 7);
    return String(this.#next);
  }
}
