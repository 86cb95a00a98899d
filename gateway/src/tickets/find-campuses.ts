import { findOrgName, nameTokens, type OrgVocabulary, parseOrgName } from './org-names';

/** One mention of a campus in the text; a campus mentioned twice gives two. */
export interface CampusMention {
  /** The known school's name when it matched one, else the words as written, capitalised. */
  name: string;
  start: number;
  end: number;
}

export const SCHOOL_VOCABULARY: OrgVocabulary = {
  expansions: {
    elem: ['elementary'],
    ms: ['middle', 'school'],
    hs: ['high', 'school'],
    jh: ['junior', 'high'],
    jhs: ['junior', 'high', 'school'],
    jr: ['junior'],
    sr: ['senior'],
    int: ['intermediate'],
    acad: ['academy'],
    sch: ['school'],
    mid: ['middle'],
  },
  generic: new Set([
    'elementary',
    'middle',
    'high',
    'school',
    'schools',
    'junior',
    'senior',
    'intermediate',
    'primary',
    'academy',
    'campus',
    'center',
    'magnet',
    'k8',
    'prep',
    'preparatory',
    'early',
    'college',
    'charter',
    'montessori',
    'upper',
    'lower',
    'of',
    'stem',
  ]),
  anchors: new Set([
    'elementary',
    'middle',
    'high',
    'junior',
    'senior',
    'intermediate',
    'primary',
    'academy',
    'k8',
    'prep',
    'preparatory',
    'magnet',
    'montessori',
    'charter',
  ]),
};

const LEVEL = String.raw`(?:Elementary|Elem\.?|Middle|Junior High|High|Intermediate|Primary|Academy|K-8|Prep|Preparatory|Magnet|Montessori)(?:[ \t]+School)?`;
/** "Lincoln Elementary", "Valley View Middle School": one to three capitalised words before a level word. */
const CAPITALISED_CAMPUS = new RegExp(String.raw`((?:\p{Lu}[\p{L}'’.-]*[ \t]+){1,3})${LEVEL}\b`, 'gu');
/** "from washington middle": lower case is trusted only after a word that introduces a campus. */
const INTRODUCED_CAMPUS = new RegExp(
  String.raw`\b(?:from|to|at|attends|attending|leaving|left|into)[ \t]+((?:[\p{L}'’.-]+[ \t]+){1,3}?)${LEVEL}\b`,
  'giu',
);
/** Words that introduce or qualify a campus rather than name it. */
const NOT_CAMPUS_WORDS = new Set([
  'from',
  'to',
  'at',
  'in',
  'into',
  'the',
  'a',
  'an',
  'my',
  'our',
  'his',
  'her',
  'their',
  'new',
  'old',
  'previous',
  'former',
  'current',
  'now',
  'attends',
  'attending',
  'leaving',
  'left',
  'and',
  'or',
  'is',
  'was',
  'still',
  'school:',
  'student',
  'parent',
  'district',
  'of',
  'for',
  'with',
  'same',
  'this',
  'that',
  'both',
]);

/**
 * Campus mentions in ticket text: known schools of the district (typo- and
 * abbreviation-tolerant, canonical names), then patterns like "X Elementary" or
 * "from x middle" for schools the list lacks. Spans inside a district's name ("Maple
 * Grove Public Schools") are not campuses.
 */
export function findCampuses(options: {
  text: string;
  knownSchools?: readonly string[];
  /** Names of districts, so that their mentions are not read as campuses. */
  districtSpans?: readonly { start: number; end: number }[];
}): CampusMention[] {
  const { text } = options;
  const known = (options.knownSchools ?? []).map((name) => ({ name, parsed: parseOrgName(name, SCHOOL_VOCABULARY) }));
  const tokens = nameTokens(text, SCHOOL_VOCABULARY);
  const districtSpans = options.districtSpans ?? [];
  const mentions: CampusMention[] = [];
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
  const add = (mention: CampusMention) => {
    if (districtSpans.some((span) => overlaps(span, mention))) return;
    if (mentions.some((other) => overlaps(other, mention))) return;
    mentions.push(mention);
  };

  for (const school of known) {
    const sameCore = known.filter((other) => other.parsed.core.join(' ') === school.parsed.core.join(' ')).length;
    for (const match of findOrgName(tokens, school.parsed, SCHOOL_VOCABULARY)) {
      // The core alone ("still shows Lincoln") names a school only when capitalised and unique.
      const coreOnly = !match.anchored;
      if (coreOnly && (sameCore > 1 || !/^\p{Lu}/u.test(text.slice(match.start)))) continue;
      if (!coreOnly && match.score < 0.5) continue;
      add({ name: school.name, start: match.start, end: match.end });
    }
  }

  for (const pattern of [CAPITALISED_CAMPUS, INTRODUCED_CAMPUS]) {
    for (const match of text.matchAll(pattern)) {
      const whole = match[0];
      const nameWords = (match[1] ?? '').trim().split(/[ \t]+/);
      let skip = 0;
      while (skip < nameWords.length && NOT_CAMPUS_WORDS.has((nameWords[skip] ?? '').toLowerCase())) skip += 1;
      const kept = nameWords.slice(skip);
      if (!kept.length || kept.some((word) => NOT_CAMPUS_WORDS.has(word.toLowerCase()))) continue;
      const levelPart = whole.slice(whole.indexOf(match[1] ?? '') + (match[1] ?? '').length);
      const start = (match.index ?? 0) + whole.indexOf(kept[0] ?? '');
      const end = (match.index ?? 0) + whole.length;
      const written = [...kept, ...levelPart.trim().split(/[ \t]+/)].map(capitalise).join(' ');
      add({ name: canonicalSchoolName(written, known) ?? written, start, end });
    }
  }

  return mentions.sort((a, b) => a.start - b.start);
}

/** The campuses in order of first mention, each once. */
export function distinctCampusNames(mentions: readonly CampusMention[]): string[] {
  const seen = new Map<string, string>();
  for (const mention of mentions) {
    const key = campusKey(mention.name);
    if (!seen.has(key)) seen.set(key, mention.name);
  }
  return [...seen.values()];
}

/** Campus names compare without "school" and with abbreviations spelled out. */
export function campusKey(name: string): string {
  return nameTokens(name, SCHOOL_VOCABULARY)
    .map((token) => token.word)
    .filter((word) => word !== 'school')
    .join(' ');
}

function canonicalSchoolName(
  written: string,
  known: readonly { name: string; parsed: ReturnType<typeof parseOrgName> }[],
): string | null {
  const tokens = nameTokens(written, SCHOOL_VOCABULARY);
  let best: { name: string; score: number } | null = null;
  for (const school of known) {
    for (const match of findOrgName(tokens, school.parsed, SCHOOL_VOCABULARY)) {
      if (match.anchored && match.score >= 0.5 && (!best || match.score > best.score))
        best = { name: school.name, score: match.score };
    }
  }
  return best?.name ?? null;
}

function capitalise(word: string): string {
  if (/^\p{Lu}/u.test(word)) return word;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Words before a campus that say the student left it, or moved to it. */
const LEFT_CUES =
  /\b(?:from|left|leaving|withdr[ae]wn?(?: from)?|old (?:school|campus)|previous(?:ly)?(?: (?:school|campus))?|former(?:ly)?(?: (?:school|campus))?|used to (?:attend|go to)|was (?:at|in)|still (?:shows?|showing|lists?|listed|says|sees|has|at|in|under|on)|no longer (?:at|in|attends?|attending)|instead of|(?:shows?|showing|lists?|listing|listed|has|have|keeps?|keeping|puts?)(?: (?:her|him|them|the student|my (?:son|daughter|child)))? (?:under|at|in))\b[^.\n]{0,12}$/i;
const JOINED_CUES =
  /\b(?:to|into|now (?:at|in|attends?|attending|goes to)|enrolled (?:at|in)|new (?:school|campus)|started\b[^.\n]{0,20}\bat|attends|attending|(?:a )?new student (?:at|in)|currently (?:at|in|attends?)|moved (?:over )?to|transferred to|switched to)\b[^.\n]{0,12}$/i;

/**
 * The campus a student left and the one they joined, from the words before each mention
 * ("from", "withdrew from", "still shows" / "to", "enrolled at", "New school:"). With two
 * campuses and a cue for one, the other is the other side; with no cues, the first
 * mentioned is the old one ("moved Lincoln Elementary → Oak Ridge Elementary").
 */
export function classifyTransferCampuses(options: { text: string; mentions: readonly CampusMention[] }): {
  oldCampus: string | null;
  newCampus: string | null;
} {
  const { text, mentions } = options;
  const distinct = distinctCampusNames(mentions);
  const side = campusSides({ text, mentions });
  const named = (wanted: 'old' | 'new') => distinct.find((name) => side.get(campusKey(name)) === wanted) ?? null;
  let oldCampus = named('old');
  let newCampus = named('new');
  if (distinct.length === 2) {
    const [first = null, second = null] = distinct;
    if (oldCampus && !newCampus) newCampus = oldCampus === first ? second : first;
    else if (newCampus && !oldCampus) oldCampus = newCampus === first ? second : first;
    else if (!oldCampus && !newCampus) [oldCampus, newCampus] = [first, second];
  }
  if (oldCampus && oldCampus === newCampus) newCampus = null;
  return { oldCampus, newCampus };
}

/** Per campus (by campusKey), whether the words before its first cued mention say it was left or joined. */
function campusSides(options: { text: string; mentions: readonly CampusMention[] }): Map<string, 'old' | 'new'> {
  const side = new Map<string, 'old' | 'new'>();
  for (const mention of options.mentions) {
    const before = options.text.slice(Math.max(0, mention.start - 60), mention.start);
    const left = LEFT_CUES.exec(before);
    const joined = JOINED_CUES.exec(before);
    // The cue nearest the mention wins: "from A to B" puts "to" right before B.
    const cue = left && joined ? (left.index > joined.index ? 'old' : 'new') : left ? 'old' : joined ? 'new' : null;
    const key = campusKey(mention.name);
    if (cue && !side.has(key)) side.set(key, cue);
  }
  return side;
}

/**
 * A move between two named campuses, whatever verb comes before it: "from Lincoln
 * Elementary to Oak Ridge Elementary", "withdrew from A and enrolled at B", or one campus
 * the student left ("was at A") and another they joined ("is now enrolled at B").
 */
export function findMoveBetweenCampuses(options: {
  text: string;
  mentions: readonly CampusMention[];
}): { quote: string; start: number } | null {
  const { text, mentions } = options;
  for (let i = 0; i + 1 < mentions.length; i++) {
    const from = mentions[i];
    const to = mentions[i + 1];
    if (!from || !to || campusKey(from.name) === campusKey(to.name)) continue;
    const before = /\bfrom[ \t]+(?:the[ \t]+)?$/i.exec(text.slice(Math.max(0, from.start - 20), from.start));
    const between = text.slice(from.end, to.start);
    if (
      !before ||
      !/^[ \t,]*(?:to|into|over to|and (?:enrolled|started|moved|transferred) (?:at|in|to))[ \t]+(?:the[ \t]+)?$/i.test(between)
    )
      continue;
    const start = from.start - before[0].length;
    return { quote: text.slice(start, to.end), start };
  }
  const sides = campusSides({ text, mentions });
  const left = mentions.find((mention) => sides.get(campusKey(mention.name)) === 'old');
  const joined = mentions.find((mention) => sides.get(campusKey(mention.name)) === 'new');
  if (left && joined && campusKey(left.name) !== campusKey(joined.name)) {
    const start = Math.min(left.start, joined.start);
    return { quote: text.slice(start, Math.max(left.end, joined.end)), start };
  }
  return null;
}
