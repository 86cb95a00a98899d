import type { TicketReading } from './extract-ticket-fields';
import { combineWeights, type Signal, TOOL_NAMES, type ToolName, topicScores } from './ticket-signals';

export interface ToolRecommendation {
  /** The tool's mutation name. */
  tool: ToolName;
  /** The tool's name as the UI shows it. */
  title: string;
  /** 0..1. */
  confidence: number;
  /** Quotes of the words that point to the tool, then the facts found for its inputs. */
  reasons: string[];
  /** Input values for the tool's mutation, by its input field names; only what the ticket gives. */
  prefill: Record<string, string>;
}

export const TOOL_TITLES: Record<ToolName, string> = {
  studentSearch: 'Student Search',
  studentMismatch: 'Student Mismatch Resolver',
  missingData: 'Missing Data Finder',
  parentEmailConflicts: 'Parent Email Conflicts',
  campusTransfer: 'Campus Transfer Validator',
  dataQualityReport: 'Data Quality Report',
};

/** Recommendations below this are dropped; with none left the UI asks the user to pick. */
export const MIN_CONFIDENCE = 0.35;
const MAX_CONFIDENCE = 0.97;
/** Words about passwords, invoices or app features lower data tools this much. */
const OFF_TOPIC_DAMPING = 0.5;
/** Tools that need a parent email lose this share of confidence when the ticket has none. */
const MISSING_EMAIL_FACTOR = 0.8;
/** A named student with no other cue: looking the student up is a reasonable start. */
const LOOKUP_FALLBACK = 0.4;

/** Words right before a name that make it the writer's own child ("my son X"), not the stranger on their account. */
const OWN_CHILD_BEFORE =
  /\b(?:my|our|her|his|mi)\s+(?:(?:actual|own|real|only)\s+)?(?:son|daughter|child|kid|kids|children|grandson|granddaughter|hija|hijo|hijos)\b(?:'s)?[^.!?\n]{0,12}$/i;

/**
 * Ranks the six tools for a ticket read by readTicket. Confidence starts from the words
 * that point to each tool (combined as independent evidence), grows with the facts the
 * tool needs (a parent email, a student name, two campuses), and shrinks when the ticket
 * is mostly about passwords, billing or the app. Pure.
 */
export function recommendTools(options: { reading: TicketReading; ticketId?: string | null }): ToolRecommendation[] {
  const { reading } = options;
  const { extracted } = reading;
  const scores = topicScores(reading.signals);
  const offTopic = Math.max(scores.get('accountAccess') ?? 0, scores.get('billing') ?? 0, scores.get('appFeedback') ?? 0);
  const strongestTool = Math.max(...TOOL_NAMES.map((tool) => scores.get(tool) ?? 0));
  const damping = offTopic > strongestTool ? OFF_TOPIC_DAMPING : 1;

  const parentEmail =
    extracted.parentEmails.find((email) => !/^(?:no-?reply|support|help)@|@(?:bookmarked|hubspot)\./.test(email)) ?? null;
  const ownChildren = reading.studentMentions.filter((mention) =>
    OWN_CHILD_BEFORE.test(reading.text.slice(Math.max(0, mention.start - 60), mention.start)),
  );
  const ownChild = ownChildren[0]?.name ?? null;
  const stranger = reading.studentMentions.find((mention) => !ownChildren.includes(mention))?.name ?? null;
  const anyStudent = reading.studentMentions[0]?.name ?? null;
  const twoCampuses = Boolean(extracted.oldCampus && extracted.newCampus);
  const common: Record<string, string> = {};
  if (extracted.districtId) common.districtId = extracted.districtId;
  if (options.ticketId) common.ticketId = options.ticketId;

  const plans: Record<ToolName, { boost: number; prefill: Record<string, string | null> }> = {
    studentMismatch: {
      boost: (parentEmail ? 0.2 : 0) + ((stranger ?? anyStudent) ? 0.15 : 0),
      prefill: { parentEmail, studentName: stranger ?? anyStudent },
    },
    missingData: {
      boost: anyStudent ? 0.2 : 0,
      prefill: { studentName: ownChild ?? anyStudent, school: extracted.newCampus ?? extracted.campuses[0] ?? null },
    },
    parentEmailConflicts: { boost: parentEmail ? 0.25 : 0, prefill: { parentEmail } },
    campusTransfer: {
      boost: (twoCampuses ? 0.3 : extracted.campuses.length ? 0.1 : 0) + (anyStudent ? 0.15 : 0),
      prefill: { studentName: ownChild ?? anyStudent, oldCampus: extracted.oldCampus, newCampus: extracted.newCampus },
    },
    studentSearch: { boost: anyStudent ? 0.2 : 0, prefill: { query: ownChild ?? anyStudent } },
    dataQualityReport: { boost: 0, prefill: {} },
  };

  const recommendations: ToolRecommendation[] = [];
  for (const tool of TOOL_NAMES) {
    const signals = reading.signals.filter((signal) => signal.topic === tool);
    let fromWords = scores.get(tool) ?? 0;
    const reasons = quotes(signals);
    if (tool === 'studentSearch' && fromWords === 0 && anyStudent && strongestTool === 0 && offTopic === 0) {
      fromWords = LOOKUP_FALLBACK;
      reasons.push('a student is named but the ticket does not say what is wrong: look the student up first');
    }
    if (fromWords === 0) continue;
    const plan = plans[tool];
    let confidence = combineWeights([fromWords, plan.boost]) * damping;
    // The tool cannot run without a parent email; say so through a lower confidence.
    if ((tool === 'parentEmailConflicts' || tool === 'studentMismatch') && !parentEmail) confidence *= MISSING_EMAIL_FACTOR;
    confidence = Math.min(MAX_CONFIDENCE, Math.round(confidence * 100) / 100);
    if (confidence < MIN_CONFIDENCE) continue;

    const prefill: Record<string, string> = { ...common };
    for (const [field, value] of Object.entries(plan.prefill)) if (value) prefill[field] = value;
    recommendations.push({
      tool,
      title: TOOL_TITLES[tool],
      confidence,
      reasons: [...reasons, ...facts(tool, prefill, extracted.districtName)],
      prefill,
    });
  }
  return recommendations.sort((a, b) => b.confidence - a.confidence || TOOL_NAMES.indexOf(a.tool) - TOOL_NAMES.indexOf(b.tool));
}

function quotes(signals: readonly Signal[]): string[] {
  const seen = new Set<string>();
  return [...signals]
    .sort((a, b) => b.weight - a.weight || a.start - b.start)
    .flatMap((signal) => {
      const quote = signal.quote.replace(/\s+/g, ' ');
      if (seen.has(quote.toLowerCase())) return [];
      seen.add(quote.toLowerCase());
      return [`'${quote}'`];
    });
}

function facts(tool: ToolName, prefill: Record<string, string>, districtName: string | null): string[] {
  const found: string[] = [];
  if (prefill.parentEmail) found.push(`parent email found: ${prefill.parentEmail}`);
  const student = prefill.studentName ?? prefill.query;
  if (student) found.push(`student named: ${student}`);
  if (tool === 'campusTransfer' && prefill.oldCampus && prefill.newCampus)
    found.push(`campuses: ${prefill.oldCampus} → ${prefill.newCampus}`);
  if (tool === 'missingData' && prefill.school) found.push(`school: ${prefill.school}`);
  if (districtName) found.push(`district: ${districtName}`);
  return found;
}
