import { normalizeEmail, normalizeName } from '../domain/names';
import { classifyTransferCampuses, distinctCampusNames, findCampuses, findMoveBetweenCampuses } from './find-campuses';
import { findStudentNames, type StudentNameMention } from './find-student-names';
import { htmlToText } from './html-to-text';
import { DISTRICT_VOCABULARY, type KnownDistrict, matchDistrict } from './match-district';
import { findOrgName, nameTokens, parseOrgName } from './org-names';
import { detectSignals, type Signal, type SignalTopic, TOOL_NAMES, topicScores } from './ticket-signals';
import { tokenize } from './ticket-words';

export type TicketIssueType =
  | 'WRONG_STUDENT_LINKED'
  | 'STUDENT_OR_CLASSES_MISSING'
  | 'SHARED_PARENT_EMAIL'
  | 'CAMPUS_TRANSFER'
  | 'DISTRICT_WIDE_DATA'
  | 'STUDENT_RECORD'
  | 'ACCOUNT_ACCESS'
  | 'BILLING'
  | 'APP_FEEDBACK';

export type TicketPriority = 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';

/** What a ticket says, in the contract's shape (tickets.graphql ExtractedTicketFields) plus extras. */
export interface ExtractedTicketFields {
  districtId: string | null;
  districtName: string | null;
  /** Every email in the ticket and its HubSpot contacts, lower case, contacts first. */
  parentEmails: string[];
  /** "Given Family", in order of first mention. */
  studentNames: string[];
  /** Known school names when they matched, else as written; in order of first mention. */
  campuses: string[];
  /** For a transfer: the campus the student left and the one they joined. */
  oldCampus: string | null;
  newCampus: string | null;
  issueType: TicketIssueType | null;
  priority: TicketPriority | null;
}

/** Ticket text and what HubSpot associates with it. */
export interface TicketText {
  subject: string;
  /** Plain text or HubSpot rich text (HTML). */
  content: string;
  /** Names of the HubSpot companies associated with the ticket. */
  companyNames?: readonly string[];
  /** Ids of those companies, matched against KnownDistrict.hubspotCompanyIds. */
  companyIds?: readonly string[];
  /** The HubSpot contacts associated with the ticket: usually the parent who wrote. */
  contacts?: readonly { email: string | null; firstName?: string | null; lastName?: string | null }[];
}

/** Everything read from a ticket, for the recommendation. */
export interface TicketReading {
  /** Subject and content as one plain text; signals and mentions point into it. */
  text: string;
  extracted: ExtractedTicketFields;
  signals: Signal[];
  studentMentions: StudentNameMention[];
}

const ISSUE_BY_TOPIC: Record<SignalTopic, TicketIssueType> = {
  studentMismatch: 'WRONG_STUDENT_LINKED',
  missingData: 'STUDENT_OR_CLASSES_MISSING',
  parentEmailConflicts: 'SHARED_PARENT_EMAIL',
  campusTransfer: 'CAMPUS_TRANSFER',
  dataQualityReport: 'DISTRICT_WIDE_DATA',
  studentSearch: 'STUDENT_RECORD',
  accountAccess: 'ACCOUNT_ACCESS',
  billing: 'BILLING',
  appFeedback: 'APP_FEEDBACK',
};

/** "from <campus> to <campus>" is as telling as the word "transfer". */
const MOVE_BETWEEN_CAMPUSES_WEIGHT = 0.6;
/** Old and new campuses are read only from tickets about a move at least this clearly. */
const TRANSFER_LIKELY = 0.4;

const SCHOOL_LEVEL_WORDS = new Set(['elementary', 'middle', 'high', 'intermediate', 'primary', 'junior', 'senior', 'academy']);

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Subject and content as one plain text. */
export function ticketPlainText(ticket: Pick<TicketText, 'subject' | 'content'>): string {
  return `${htmlToText(ticket.subject)}\n\n${htmlToText(ticket.content)}`;
}

export interface ReadTicketOptions extends TicketText {
  districts: readonly KnownDistrict[];
  /** School names of the ticket's district, when known (see matchDistrict). */
  schools?: readonly string[];
}

/** Reads a ticket: the fields it names and the signals that point to tools. Pure. */
export function readTicket(options: ReadTicketOptions): TicketReading {
  const text = ticketPlainText(options);
  const signals = detectSignals({ text, tokens: tokenize(text) });

  const district = matchDistrict({
    text,
    companyNames: options.companyNames,
    companyIds: options.companyIds,
    districts: options.districts,
  });
  const districtMentions = findDistrictMentions(text, options.districts);
  const districtSpans = districtMentions.map((mention) => mention.span);
  const campusMentions = findCampuses({ text, knownSchools: options.schools, districtSpans });
  const move = findMoveBetweenCampuses({ text, mentions: campusMentions });
  if (move)
    signals.push({ topic: 'campusTransfer', weight: MOVE_BETWEEN_CAMPUSES_WEIGHT, phrase: 'from <campus> to <campus>', ...move });
  const scores = topicScores(signals);
  const transferLikely = (scores.get('campusTransfer') ?? 0) >= TRANSFER_LIKELY;
  const transfer = transferLikely
    ? classifyTransferCampuses({ text, mentions: campusMentions })
    : { oldCampus: null, newCampus: null };

  const contacts = options.contacts ?? [];
  const emails = [...contacts.map((contact) => contact.email ?? ''), ...(text.match(EMAIL) ?? [])]
    .map((email) => normalizeEmail(email).replace(/\.+$/, ''))
    .filter(Boolean);

  // Only the organisations this ticket names: a list of every district would swallow real names.
  const organisationNames = [
    ...districtMentions.flatMap((mention) => mention.district.names),
    ...(options.schools ?? []),
    ...campusMentions.map((campus) => campus.name),
  ];
  const organisationWords = new Set(organisationNames.flatMap((name) => normalizeName(name).split(/[^\p{L}\p{N}'’-]+/u)));
  const writerNames = contacts.flatMap((contact) =>
    contact.firstName && contact.lastName ? [`${contact.firstName} ${contact.lastName}`] : [],
  );
  const studentMentions = findStudentNames({ text, writerNames, organisationWords });

  const issueType = topIssue(scores);
  return {
    text,
    signals,
    studentMentions,
    extracted: {
      districtId: district?.id ?? null,
      districtName: district?.name ?? null,
      parentEmails: [...new Set(emails)],
      studentNames: studentMentions.map((mention) => mention.name),
      campuses: distinctCampusNames(campusMentions),
      oldCampus: transfer.oldCampus,
      newCampus: transfer.newCampus,
      issueType,
      priority: inferPriority(text, issueType),
    },
  };
}

/** The fields a ticket names (tickets.graphql ExtractedTicketFields). Pure. */
export function extractTicketFields(options: ReadTicketOptions): ExtractedTicketFields {
  return readTicket(options).extracted;
}

/** Where the text names a known district, even ambiguously: those words are neither campuses nor students. */
function findDistrictMentions(
  text: string,
  districts: readonly KnownDistrict[],
): { district: KnownDistrict; span: { start: number; end: number } }[] {
  const tokens = nameTokens(text, DISTRICT_VOCABULARY);
  return districts.flatMap((district) =>
    district.names.flatMap((name) =>
      findOrgName(tokens, parseOrgName(name, DISTRICT_VOCABULARY), DISTRICT_VOCABULARY)
        // "Harbor City High School" names a school of Harbor City Schools, not the district.
        .filter((match) => match.anchored && match.score >= 0.4 && !match.extraWords.some((word) => SCHOOL_LEVEL_WORDS.has(word)))
        .map((match) => ({ district, span: { start: match.start, end: match.end } })),
    ),
  );
}

function topIssue(scores: Map<SignalTopic, number>): TicketIssueType | null {
  let best: [SignalTopic, number] | null = null;
  for (const entry of scores) {
    // Tools first on ties: a data problem described with login words is still a data problem.
    const isTool = (TOOL_NAMES as readonly string[]).includes(entry[0]);
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && isTool)) best = entry;
  }
  return best ? ISSUE_BY_TOPIC[best[0]] : null;
}

function inferPriority(text: string, issueType: TicketIssueType | null): TicketPriority | null {
  if (/\b(?:custody|court order|restraining order|protective order|unsafe|safety|danger)\b/i.test(text)) return 'URGENT';
  if (/\b(?:urgent|urgently|asap|immediately|emergency|right away)\b/i.test(text)) return 'HIGH';
  // Another family's child on an account is a privacy incident.
  if (issueType === 'WRONG_STUDENT_LINKED') return 'HIGH';
  if (/\b(?:no rush|not urgent|whenever you|low priority|when you get a chance)\b/i.test(text)) return 'LOW';
  return null;
}
