import { normalizeName } from '../domain/names';
import { maskEmailsAndUrls } from './org-names';
import { wordsMatch } from './ticket-words';

export interface StudentNameMention {
  /** "Given Family" as written (capitalised), "Lopez, Ana" turned around. */
  name: string;
  /** Offset of the first mention in the text. */
  start: number;
}

/**
 * Student names in ticket text. Heuristic by nature, so it looks for the ways parents
 * and staff actually introduce a student, strongest first:
 * - labels: "Student: Ana Lopez", "Student name - lopez, ana";
 * - relations: "my son Ethan Park", "our new student Olivia Chen", "a student named ...",
 *   "her name is ...", "mi hija es ...";
 * - "for Samuel Ortiz", "Student Jacob Rivera", and "Lopez, Ana (grade 3)";
 * - otherwise capitalised name pairs in or next to a sentence about a student.
 * Names of the writer (signature, "my name is", the HubSpot contact) and of staff ("Mrs.
 * Patel", "Mr. John Alvarez") are left out, and so are runs that belong to a school or
 * district name.
 */
export function findStudentNames(options: {
  text: string;
  /** Names known to be the writer's (the HubSpot contact's). */
  writerNames?: readonly string[];
  /** Words of known district and school names: a candidate made only of them is an organisation. */
  organisationWords?: ReadonlySet<string>;
}): StudentNameMention[] {
  const text = maskEmailsAndUrls(options.text);
  const organisationWords = options.organisationWords ?? new Set<string>();
  const candidates: { name: string; at: number }[] = [];
  const accept = (found: ReadName | null) => {
    if (!found) return;
    const words = normalizeName(found.name).split(' ');
    if (words.every((word) => organisationWords.has(word))) return;
    candidates.push({ name: found.name, at: found.start });
  };

  for (const cue of LABEL_CUES)
    for (const match of text.matchAll(cue)) accept(readNameAt(text, end(match), { lowercase: true, commaForm: true }));
  for (const cue of RELATION_CUES)
    for (const match of text.matchAll(cue))
      accept(readNameAt(text, end(match), { lowercase: /\b(?:my|our|mi|named|called)\b/i.test(match[0]), commaForm: false }));
  for (const cue of CAPITALISED_CUES)
    for (const match of text.matchAll(cue)) accept(readNameAt(text, end(match), { lowercase: false, commaForm: false }));
  for (const match of text.matchAll(COMMA_FORM)) {
    const sentence = sentenceAround(text, match.index ?? 0);
    const atLineStart = /(^|\n)[ \t]*$/.test(text.slice(0, match.index ?? 0));
    const followedByDetail = /^[ \t]*[(\-–]/.test(text.slice((match.index ?? 0) + match[0].length));
    if (!atLineStart && !followedByDetail && !STUDENT_WORD.test(sentence)) continue;
    accept(readNameAt(text, match.index ?? 0, { lowercase: false, commaForm: true }));
  }
  for (const match of text.matchAll(OWNED_RECORD))
    accept(readNameAt(text, match.index ?? 0, { lowercase: false, commaForm: false }));
  for (const run of capitalisedRunsNearStudents(text)) accept(run);

  const excluded = new Set([...writerNamesIn(text), ...(options.writerNames ?? []), ...staffNamesIn(text)].map(nameKey));
  const result = new Map<string, { name: string; at: number }>();
  for (const candidate of candidates.sort((a, b) => a.at - b.at)) {
    const key = nameKey(candidate.name);
    if (excluded.has(key) || result.has(key)) continue;
    result.set(key, candidate);
  }
  return [...result.values()].sort((a, b) => a.at - b.at).map((candidate) => ({ name: candidate.name, start: candidate.at }));
}

/** "First Last" compared without case, accents or middle names. */
function nameKey(name: string): string {
  const words = normalizeName(name).split(' ');
  return `${words[0] ?? ''} ${words[words.length - 1] ?? ''}`;
}

const end = (match: RegExpMatchArray) => (match.index ?? 0) + match[0].length;

const CHILD_NOUN =
  '(?:son|daughter|child|kid|stepson|stepdaughter|stepkids|grandson|granddaughter|grandchild|student|students|kids|children|twins|boy|girl|nephew|niece|hija|hijo)';

const LABEL_CUES = [
  /\b(?:student|child|kid|son|daughter)(?:'s|’s)?(?:[ \t]+(?:full[ \t]+)?name)?[ \t]*[:\-–][ \t]*/giu,
  /\bname[ \t]+of[ \t]+(?:the[ \t]+|my[ \t]+)?(?:student|child)[ \t]*[:\-–]?[ \t]*/giu,
];
const RELATION_CUES = [
  new RegExp(
    // No possessive: after "my son's" comes something of his, not his name.
    String.raw`\b(?:my|our|her|his|their|the|a|this|that|one|mi|su)[ \t]+(?:(?:new|own|actual|real|only|older|younger|oldest|youngest|other|second|third|first)[ \t]+)?${CHILD_NOUN}(?![\p{L}'’])[ \t]*,?[ \t]*(?:(?:is|was|es|named|called)[ \t]+)?`,
    'giu',
  ),
  new RegExp(String.raw`\b(?:someone|somebody)[ \t]+else(?:'s|’s)[ \t]+${CHILD_NOUN}[ \t]*[(,:]?[ \t]*`, 'giu'),
  /\b(?:his|her|their|the (?:student|child|kid)(?:'s|’s))[ \t]+name[ \t]+is[ \t]+/giu,
  /\b(?:named|called)[ \t]+/giu,
];
const CAPITALISED_CUES = [
  /\bfor[ \t]+(?:student[ \t]+)?/giu,
  /\b(?:student|pupil)[ \t]+(?=\p{Lu})/gu,
  /\b(?:check|verify|regarding|re|about|look into|look up)[ \t]+(?:on[ \t]+)?(?:student[ \t]+)?(?=\p{Lu})/giu,
];
/** "Noah Bennett's record": a person whose school data is in question. */
const OWNED_RECORD =
  /(?<![\p{L}'’-])\p{Lu}[\p{L}-]+[ \t]+\p{Lu}[\p{L}-]+(?:'s|’s)[ \t]+(?:record|records|profile|schedule|classes|grades|account|info|information|enrollment|enrollments|data)\b/gu;
const COMMA_FORM = /(?<![\p{L}'’-])\p{Lu}[\p{L}'’-]+,[ \t]+\p{Lu}[\p{L}'’-]+/gu;
const STUDENT_WORD = new RegExp(String.raw`\b(?:${CHILD_NOUN}|grade|niño|niña|nino|nina)\b`, 'iu');

/** Words that end a name or cannot be part of one. */
const STOP_WORDS = new Set(
  `a an and or but the to of in on at for from with by is are was were be been has have had do does did not no
  it its he she they him her them his hers their we us our i me my mine you your this that these those there here
  who what when where why how which if then than so as also just only still again very too can could would should
  will may might must shall up down out over under about into after before since until while because
  im ive dont doesnt didnt isnt cant wont wasnt hasnt havent
  y en es de la el que un una mi mis su`.split(/\s+/),
);

/** Capitalised words that are not people's names in these tickets. */
const NOT_NAME_WORDS = new Set(
  `hi hello hey dear thanks thank regards best sincerely cheers please good morning afternoon evening yes ok okay
  hola gracias
  student students child children son daughter kid kids parent parents guardian guardians mom moms dad dads mother mothers father fathers grandma grandpa
  teacher principal counselor registrar coordinator office front support team tech department admin staff district
  school schools elementary middle high intermediate primary academy junior senior campus isd cisd usd sd ps unified
  independent consolidated public county city center
  name grade grades period homeroom room class classes course schedule id sis app portal account email
  math algebra geometry biology chemistry physics science english spanish french history art music pe reading
  writing band choir
  mr mrs ms miss dr coach
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december spring fall winter summer break semester year today yesterday tomorrow
  bookmarked hubspot classlink powerschool skyward infinite oneroster google chrome apple iphone ipad android
  samsung galaxy windows mac safari firefox
  love any old new why what when where how who can could would is are also and but or if since after before
  the this that my our her his their he she they we it i`.split(/\s+/),
);

interface ReadName {
  name: string;
  start: number;
}

/**
 * Reads a person's name starting at `index`: two or three words ("Ana Lopez", "Ana
 * Maria Lopez", "Liam O'Connor"), a middle initial skipped, "Lopez, Ana" turned into "Ana
 * Lopez" when allowed. Lower-case words count only when `lowercase` is set (after
 * "Student:" or "my son"); then two words at most, as parents type them ("mia johnson").
 * A name running into a school word ("Maple Grove Elementary") is a campus, not a name.
 */
function readNameAt(text: string, index: number, options: { lowercase: boolean; commaForm: boolean }): ReadName | null {
  // An opening quote may come first: a notification for 'Owen Baker'.
  const wordPattern = /[ \t]*['‘"“]?([\p{L}][\p{L}'’-]*)(\.?)(,?)/uy;
  const words: string[] = [];
  let position = index;
  let comma = false;
  let lowercaseSeen = false;
  while (words.length < 4) {
    wordPattern.lastIndex = position;
    const match = wordPattern.exec(text);
    if (!match) break;
    const [whole, rawWord = '', dot, trailingComma] = match;
    // "Lily Anderson's profile": the name ends at the possessive.
    const possessive = /['’]s$/u.test(rawWord);
    const word = (possessive ? rawWord.slice(0, -2) : rawWord).replace(/['’-]+$/u, '');
    const lower = word.toLowerCase().replace(/['’]/g, '');
    const capitalised = /^\p{Lu}/u.test(word);
    if (dot && word.length === 1 && capitalised && words.length) {
      position += whole.length; // middle initial
      continue;
    }
    if (STOP_WORDS.has(lower) && !(capitalised && words.length && PARTICLES.has(lower))) break;
    if (NOT_NAME_WORDS.has(lower) || looksLikeDomainWord(lower)) {
      // "Maple Grove Elementary", "Lakeside ISD": the words so far belong to an organisation.
      if (words.length && ORGANISATION_WORDS.has(lower)) return null;
      break;
    }
    // Lower-case names only from writers who type everything in lower case ("mia johnson").
    const lowercaseAllowed = options.lowercase && !PARTICLES.has(lower) && words.every((w) => !/^\p{Lu}/u.test(w));
    if (!capitalised && !lowercaseAllowed) break;
    if (!capitalised) lowercaseSeen = true;
    if (word.length < 2 || /\d/.test(word)) break;
    words.push(word);
    position += whole.length;
    if (trailingComma) {
      if (options.commaForm && words.length === 1) {
        comma = true;
        continue;
      }
      break;
    }
    if (dot || possessive) break;
    if (lowercaseSeen && words.length === 2) break;
  }
  if (comma) {
    const [family, given] = words;
    return family && given ? { name: `${titleCase(given)} ${titleCase(family)}`, start: index } : null;
  }
  if (words.length < 2 || words.length > 3) return null;
  return { name: words.map(titleCase).join(' '), start: index };
}

const PARTICLES = new Set(['de', 'del', 'la', 'van', 'von', 'da', 'di', 'le', 'st']);
const ORGANISATION_WORDS = new Set([
  'elementary',
  'middle',
  'high',
  'intermediate',
  'primary',
  'academy',
  'school',
  'schools',
  'district',
  'isd',
  'cisd',
  'usd',
  'sd',
  'ps',
  'unified',
  'independent',
  'consolidated',
  'public',
  'county',
  'campus',
  'center',
]);
/** Lower-case words of the trade that parents misspell ("clases"): never part of a name. */
const DOMAIN_WORDS = [
  'classes',
  'class',
  'schedule',
  'account',
  'teacher',
  'teachers',
  'grades',
  'student',
  'missing',
  'showing',
  'school',
];
function looksLikeDomainWord(word: string): boolean {
  return DOMAIN_WORDS.some((domain) => wordsMatch(word, domain));
}

function titleCase(word: string): string {
  if (/^\p{Lu}/u.test(word)) return word;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function sentenceAround(text: string, index: number): string {
  const before = text.slice(0, index);
  const start = Math.max(before.lastIndexOf('.'), before.lastIndexOf('!'), before.lastIndexOf('?'), before.lastIndexOf('\n')) + 1;
  const rest = text.slice(index);
  const stop = rest.search(/[.!?\n]/);
  return text.slice(start, stop < 0 ? text.length : index + stop);
}

/**
 * Runs of two or three capitalised words in a sentence about a student, or right next to
 * one ("Why is Caleb Foster on my account?? He's not my son."). The run is read whole so
 * that "Harbor City Schools" is skipped as an organisation rather than cut to "Harbor City".
 */
function capitalisedRunsNearStudents(text: string): ReadName[] {
  const sentences: { start: number; end: number; aboutStudent: boolean }[] = [];
  const boundary = /[.!?\n]+/g;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const stop = match.index ?? 0;
    sentences.push({ start, end: stop, aboutStudent: STUDENT_WORD.test(text.slice(start, stop)) });
    start = stop + match[0].length;
  }
  sentences.push({ start, end: text.length, aboutStudent: STUDENT_WORD.test(text.slice(start)) });

  const runs: ReadName[] = [];
  sentences.forEach((sentence, i) => {
    const near = sentence.aboutStudent || sentences[i - 1]?.aboutStudent || sentences[i + 1]?.aboutStudent;
    if (!near) return;
    const body = text.slice(sentence.start, sentence.end);
    for (const match of body.matchAll(
      /(?<![\p{L}'’-])\p{Lu}[\p{L}'’-]*(?:[ \t]+(?:\p{Lu}\.[ \t]+)?(?:(?:de|del|la|van|von|da|di|le)[ \t]+)?\p{Lu}[\p{L}'’-]*)*/gu,
    )) {
      const words: string[] = [];
      for (const word of match[0].split(/[ \t]+/)) {
        if (/^\p{Lu}\.$/u.test(word)) continue;
        // "Lily Anderson's profile": the name ends at the possessive.
        const possessive = /['’]s$/u.test(word);
        words.push(possessive ? word.slice(0, -2) : word);
        if (possessive) break;
      }
      if (words.some((word) => ORGANISATION_WORDS.has(word.toLowerCase()))) continue;
      // A sentence's first word is capitalised anyway; drop it when it is not a name.
      while (
        words.length &&
        (NOT_NAME_WORDS.has((words[0] ?? '').toLowerCase()) || STOP_WORDS.has((words[0] ?? '').toLowerCase()))
      )
        words.shift();
      if (words.length < 2 || words.length > 3) continue;
      if (words.some((word) => word.length < 2 || NOT_NAME_WORDS.has(word.toLowerCase()))) continue;
      runs.push({ name: words.join(' '), start: sentence.start + (match.index ?? 0) });
    }
  });
  return runs;
}

const SIGN_OFF =
  /(?:^|\n|[.!?][ \t]+)[ \t]*(?:thanks|thank you|thx|regards|kind regards|best regards|best|sincerely|cheers|respectfully|warmly|gracias|saludos|-|—|–)[ \t]*[,!.]?[ \t]*\n?[ \t]*(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){1,2})[ \t]*(?=$|\n|,)/giu;
const SELF_INTRODUCTION =
  /\b(?:my name is|i am|i'm|i’m|this is|me llamo|soy)[ \t]+(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){1,2})/giu;
const STAFF_TITLE =
  /\b(?:Mr|Mrs|Ms|Miss|Dr|Coach|Principal|Teacher|Counselor|Registrar)\.?[ \t]+(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})/gu;
const PARENT_LABEL =
  /\b(?:parent|guardian|mother|father|mom|dad|submitted by|from)[ \t]*:[ \t]*(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){1,2})/giu;

/** Names the writer gives as their own: a signature, "my name is ...", "Parent: ...". */
function writerNamesIn(text: string): string[] {
  const names: string[] = [];
  for (const pattern of [SIGN_OFF, SELF_INTRODUCTION, PARENT_LABEL]) {
    for (const match of text.matchAll(pattern)) {
      // The cues match in any case, so the name's words are checked for capitals here.
      const words = (match[1] ?? '').split(/[ \t]+/);
      const firstLower = words.findIndex((word) => !/^\p{Lu}/u.test(word));
      const name = words.slice(0, firstLower < 0 ? words.length : firstLower).join(' ');
      if (name.includes(' ')) names.push(name);
    }
  }
  // A last line that is only a name is a signature too.
  const lastLine = text.trim().split('\n').at(-1)?.trim() ?? '';
  if (/^\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){1,2}$/u.test(lastLine)) names.push(lastLine);
  return names;
}

function staffNamesIn(text: string): string[] {
  return [...text.matchAll(STAFF_TITLE)].flatMap((match) => (match[1]?.includes(' ') ? [match[1]] : []));
}
