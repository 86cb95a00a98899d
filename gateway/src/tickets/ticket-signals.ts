import { type CompiledPhrase, compilePhrase, findPhrase, type WordClasses } from './phrase-match';
import { tokenize, type WordToken } from './ticket-words';

/** The diagnostics a ticket can be sent to, by mutation name (diagnostics.graphql). */
export const TOOL_NAMES = [
  'studentMismatch',
  'missingData',
  'parentEmailConflicts',
  'campusTransfer',
  'studentSearch',
  'dataQualityReport',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Tickets no tool answers; their words lower every tool's confidence. */
export type OffTopic = 'accountAccess' | 'billing' | 'appFeedback';
export type SignalTopic = ToolName | OffTopic;

export interface Signal {
  topic: SignalTopic;
  /** How strongly these words alone point to the topic, 0..1. */
  weight: number;
  phrase: string;
  /** The words as the customer wrote them. */
  quote: string;
  /** Offset of the quote in the text. */
  start: number;
}

const CLASSES: WordClasses = {
  child: [
    'child',
    'children',
    'kid',
    'kids',
    'son',
    'sons',
    'daughter',
    'daughters',
    'student',
    'students',
    'stepson',
    'stepdaughter',
    'stepkids',
    'grandson',
    'granddaughter',
    'grandchild',
    'grandkid',
    'boy',
    'girl',
    'twins',
    'nino',
    'nina',
    'hijo',
    'hija',
  ],
  pronoun: ['he', 'she', 'they', 'him', 'her', 'them'],
  possessive: ['my', 'our', 'her', 'his', 'their'],
  see: [
    'see',
    'seeing',
    'sees',
    'view',
    'find',
    'show*',
    'appear*',
    'display*',
    'load*',
    'visible',
    'listed',
    'pop',
    'pops',
    'popping',
    'come',
    'comes',
    'coming',
    'there',
  ],
  account: ['account', 'accounts', 'app', 'portal', 'profile', 'dashboard', 'roster', 'login'],
  classes: [
    'class',
    'classes',
    'course*',
    'schedule*',
    'period',
    'periods',
    'section',
    'sections',
    'teacher',
    'teachers',
    'homeroom',
  ],
  campus: ['school', 'schools', 'campus', 'campuses', 'building', 'buildings'],
  email: ['email', 'emails', 'address', 'mail'],
  many: ['many', 'multiple', 'several', 'dozens', 'lots', 'numerous', 'hundreds', 'tons', 'bunch', 'most', 'half', 'widespread'],
  population: [
    'students',
    'parents',
    'families',
    'teachers',
    'classes',
    'schools',
    'campuses',
    'records',
    'enrollments',
    'accounts',
    'users',
    'kids',
    'children',
    'problems',
    'issues',
    'errors',
  ],
};

/**
 * Words that point to a tool, with how strongly. Weights combine as independent evidence
 * (1 − Π(1 − w)), so two moderate cues outweigh one. Short words must be spelt right;
 * longer ones tolerate a typo (see wordsMatch).
 */
const RULES: readonly [SignalTopic, number, string][] = [
  // A parent sees a child who is not theirs.
  ['studentMismatch', 0.75, 'not my|our @child'],
  ['studentMismatch', 0.7, 'not mine|ours|hers|his|theirs'],
  ['studentMismatch', 0.7, 'someone|somebody|anyone else @child'],
  ['studentMismatch', 0.6, 'another|other|different family|familys|parent|parents|person @child'],
  ['studentMismatch', 0.55, 'wrong|unknown|strange|random|extra|stranger|different @child'],
  ['studentMismatch', 0.55, 'not know who|this|that|him|her|them|these'],
  ['studentMismatch', 0.55, 'not|never recognize|recognise|recognized|recognised'],
  ['studentMismatch', 0.55, 'never heard of|about'],
  ['studentMismatch', 0.45, 'another @child'],
  ['studentMismatch', 0.45, 'off my|our account'],
  ['studentMismatch', 0.5, 'not related to? us|me|my|our|him|her'],
  ['studentMismatch', 0.6, 'not belong to me|us|my|our'],
  ['studentMismatch', 0.7, 'no es mio|mia|mi'],
  ['studentMismatch', 0.35, 'only have one|1|two|2 @child?'],
  ['studentMismatch', 0.4, 'why is .. on|in my|our account|app'],
  ['studentMismatch', 0.3, 'privacy|ferpa'],
  // A child, or classes, missing for a parent or teacher.
  ['missingData', 0.55, 'no @classes'],
  ['missingData', 0.6, '@classes .. missing|gone|empty|blank|disappeared|vanished'],
  ['missingData', 0.6, 'missing .. @classes'],
  ['missingData', 0.6, '@classes .. not @see'],
  ['missingData', 0.5, 'only .. of .. @classes'],
  ['missingData', 0.5, 'not @see .. @classes'],
  ['missingData', 0.5, 'wrong|incorrect @classes'],
  ['missingData', 0.45, 'outdated|fall|spring|semester|last|previous|old @classes'],
  ['missingData', 0.35, 'new @classes'],
  ['missingData', 0.55, '@child .. not|never @see|up'],
  ['missingData', 0.45, '@pronoun .. not|never @see .. on|in @possessive? @account'],
  ['missingData', 0.55, '@child .. missing from'],
  ['missingData', 0.45, 'missing @child'],
  ['missingData', 0.5, '@child .. is|are missing'],
  ['missingData', 0.4, 'only .. @child .. @see'],
  ['missingData', 0.4, 'not linked|connected|attached'],
  ['missingData', 0.55, 'no @child linked|connected|attached|showing|listed'],
  ['missingData', 0.55, 'no @child on|in my|our @account'],
  ['missingData', 0.3, 'enrollment|enrollments|enrolment|enrolments'],
  // Parents sharing one email.
  ['parentEmailConflicts', 0.65, 'same|shared|one|single .. @email'],
  ['parentEmailConflicts', 0.4, 'chang*|updat*|overwrit* mine|ours'],
  ['parentEmailConflicts', 0.6, 'share|shares|sharing .. @email'],
  ['parentEmailConflicts', 0.4, 'both use|have .. @email'],
  ['parentEmailConflicts', 0.55, 'two|2|multiple|duplicate|duplicated|separate @account|parent|parents'],
  ['parentEmailConflicts', 0.5, 'two|2 .. accounts'],
  ['parentEmailConflicts', 0.45, 'merg*'],
  ['parentEmailConflicts', 0.45, 'overwrit*|overwrote|overrid*|replaces|replaced|replacing'],
  ['parentEmailConflicts', 0.5, 'belongs to both'],
  ['parentEmailConflicts', 0.5, '@email .. already in use'],
  ['parentEmailConflicts', 0.5, '@email .. already used|taken'],
  ['parentEmailConflicts', 0.3, 'instead of mine'],
  ['parentEmailConflicts', 0.25, 'mixed up'],
  // A student who moved campuses.
  ['campusTransfer', 0.65, 'transfer*'],
  ['campusTransfer', 0.6, 'switch*|chang*|mov* @campus'],
  ['campusTransfer', 0.45, 'new @campus'],
  ['campusTransfer', 0.5, 'old|previous|former @campus'],
  ['campusTransfer', 0.4, 'old|previous|former teacher|teachers'],
  ['campusTransfer', 0.45, 'withdr*'],
  ['campusTransfer', 0.45, 'no longer attend*|at|goes'],
  ['campusTransfer', 0.3, 'left|leaving'],
  ['campusTransfer', 0.3, 'moved up|over to?'],
  ['campusTransfer', 0.25, 'still shows|lists|listed|says|sees|showing'],
  // Problems across a district.
  ['dataQualityReport', 0.3, '@many .. @population'],
  ['dataQualityReport', 0.35, 'all the|our? students|parents|families|schools|campuses|teachers|users'],
  ['dataQualityReport', 0.6, 'whole|entire|every|across .. district|roster|campus|school|schools'],
  ['dataQualityReport', 0.6, 'districtwide'],
  ['dataQualityReport', 0.6, 'district wide'],
  ['dataQualityReport', 0.75, 'data quality'],
  ['dataQualityReport', 0.55, 'audit*'],
  ['dataQualityReport', 0.5, 'full|complete|health check|review|report|scan'],
  ['dataQualityReport', 0.35, 'nightly|last|recent|latest sync'],
  ['dataQualityReport', 0.35, 'since .. sync|migration|import|rollover'],
  ['dataQualityReport', 0.25, 'sync|syncing|synced|rostering'],
  ['dataQualityReport', 0.25, 'out of date'],
  ['dataQualityReport', 0.45, 'review|check|compare|verify .. roster|records|data'],
  ['dataQualityReport', 0.4, 'all of .. roster|data|records|district|students'],
  // One student's record, looked up or wrong.
  ['studentSearch', 0.5, 'look up'],
  ['studentSearch', 0.5, 'lookup'],
  ['studentSearch', 0.5, 'search|searched|searching for?'],
  ['studentSearch', 0.35, 'can|could not find'],
  ['studentSearch', 0.4, 'in the system'],
  ['studentSearch', 0.4, 'exist|exists'],
  ['studentSearch', 0.3, 'check whether|if'],
  ['studentSearch', 0.6, 'misspell*|misspelt|spelled|spelt|spelling'],
  ['studentSearch', 0.55, 'name|grade|birthday|birthdate|dob|id|number .. wrong|incorrect|off'],
  ['studentSearch', 0.4, 'record|records .. match|matches|matching'],
  ['studentSearch', 0.55, 'wrong|incorrect name|grade|birthday|birthdate|dob|id|number'],
  ['studentSearch', 0.5, 'info|information|record|details|data wrong|incorrect'],
  ['studentSearch', 0.3, 'student record|profile|info|information'],
  // Not a data problem.
  ['accountAccess', 0.7, 'password*'],
  ['accountAccess', 0.6, 'not|unable to? log|sign in|into|on'],
  ['accountAccess', 0.6, 'trouble|problem|problems|issue|issues logging|signing in'],
  ['accountAccess', 0.6, 'login|signin error|issue|problem|page|fails|failed'],
  ['accountAccess', 0.6, 'credentials|2fa'],
  ['accountAccess', 0.6, 'locked out'],
  ['accountAccess', 0.6, 'verification code'],
  ['accountAccess', 0.7, 'transfer*|move|moving|merge .. my|our|the account|email|login|username'],
  ['accountAccess', 0.6, 'chang*|updat* my|our|the? email|login|username'],
  ['billing', 0.7, 'invoice*|billing|payment|subscription|refund|quote|renewal|po'],
  ['appFeedback', 0.6, 'dark mode'],
  ['appFeedback', 0.6, 'feature|features|suggestion'],
  ['appFeedback', 0.6, 'plans for'],
  ['appFeedback', 0.6, 'would be nice'],
  ['appFeedback', 0.6, 'notification*|unsubscribe|marketing'],
  ['appFeedback', 0.5, 'crash*|closes|freez*|slow'],
];

const COMPILED: readonly { topic: SignalTopic; weight: number; phrase: CompiledPhrase }[] = RULES.map(
  ([topic, weight, pattern]) => ({
    topic,
    weight,
    phrase: compilePhrase(pattern, CLASSES),
  }),
);

/** Every rule whose phrase occurs in the text, each once (its first occurrence). */
export function detectSignals(options: { text: string; tokens?: readonly WordToken[] }): Signal[] {
  const tokens = options.tokens ?? tokenize(options.text);
  const signals: Signal[] = [];
  for (const rule of COMPILED) {
    const match = findPhrase(tokens, rule.phrase);
    if (!match) continue;
    const first = tokens[match.start];
    const last = tokens[match.end - 1];
    if (!first || !last) continue;
    signals.push({
      topic: rule.topic,
      weight: rule.weight,
      phrase: rule.phrase.source,
      quote: options.text.slice(first.start, last.end),
      start: first.start,
    });
  }
  return signals;
}

/** Independent evidence combined: 1 − Π(1 − w). */
export function combineWeights(weights: readonly number[]): number {
  return 1 - weights.reduce((remaining, weight) => remaining * (1 - weight), 1);
}

/** The combined weight of the signals per topic. */
export function topicScores(signals: readonly Signal[]): Map<SignalTopic, number> {
  const byTopic = new Map<SignalTopic, number[]>();
  for (const signal of signals) byTopic.set(signal.topic, [...(byTopic.get(signal.topic) ?? []), signal.weight]);
  return new Map([...byTopic].map(([topic, weights]) => [topic, combineWeights(weights)]));
}
