import { type ExtractedTicketFields, type ReadTicketOptions, readTicket, type TicketPriority } from './extract-ticket-fields';
import { recommendTools, type ToolRecommendation } from './recommend-tools';

/** tickets.graphql TicketAnalysis. */
export interface TicketAnalysis {
  extracted: ExtractedTicketFields;
  /** Best first; empty when no tool fits. */
  recommendations: ToolRecommendation[];
}

const PRIORITIES: readonly TicketPriority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];

export interface AnalyzeTicketOptions extends ReadTicketOptions {
  ticketId?: string | null;
  /** HubSpot's `hs_ticket_priority`; set by a person, so it wins over the inferred one. */
  priority?: string | null;
}

/** Reads a ticket and recommends tools. Pure: districts and schools come in as lists. */
export function analyzeTicket(options: AnalyzeTicketOptions): TicketAnalysis {
  const reading = readTicket(options);
  const stated = options.priority?.toUpperCase();
  const priority = PRIORITIES.find((known) => known === stated) ?? reading.extracted.priority;
  return {
    extracted: { ...reading.extracted, priority },
    recommendations: recommendTools({ reading, ticketId: options.ticketId }),
  };
}
