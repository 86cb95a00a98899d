import type { HubSpotClient } from '../connectors/hubspot/hubspot-client';
import { HubSpotNotConfiguredError } from '../connectors/hubspot/hubspot-errors';
import { InputError } from '../errors';
import { type AnalyzeTicketOptions, analyzeTicket, type TicketAnalysis } from './analyze-ticket';
import { ticketPlainText } from './extract-ticket-fields';
import { htmlToText } from './html-to-text';
import { type KnownDistrict, matchDistrict } from './match-district';
import { parseTicketRefWithHost, ticketAppUrl } from './parse-ticket-ref';

/** A HubSpot ticket with what the gateway read from it (tickets.graphql HubSpotTicket). */
export interface AnalyzedTicket {
  id: string;
  portalId: string | null;
  /** The ticket's page in HubSpot, when the portal is known. */
  url: string | null;
  subject: string | null;
  /** The description as plain text: HubSpot rich text with its tags removed. */
  content: string | null;
  /** HubSpot's `hs_ticket_priority`. */
  priority: string | null;
  companyNames: string[];
  contactEmails: string[];
  analysis: TicketAnalysis;
}

export interface TicketService {
  /** Analyses ticket text from anywhere (pasted text, other help desks). */
  analyzeText(input: { subject: string; content: string; ticketId?: string | null }): Promise<TicketAnalysis>;
  /**
   * A HubSpot ticket by URL or number, analysed; null when HubSpot has no such ticket.
   * Throws InputError when the ref names no ticket and HubSpotNotConfiguredError when
   * there is no HubSpot connection. `hubspot` replaces the service's client for this call
   * (the viewer's own connection); null means none.
   */
  getTicket(ref: string, options?: { hubspot?: HubSpotClient | null }): Promise<AnalyzedTicket | null>;
}

export interface TicketServiceOptions {
  /** Null when no HubSpot connection is configured: text analysis still works. */
  hubspot: HubSpotClient | null;
  /** The districts tickets may name, with every name people use for each. */
  districts: () => Promise<KnownDistrict[]>;
  /** The school names of a district, to recognise campuses by their real names. */
  schools?: (districtId: string) => Promise<string[]>;
}

const MAX_REF_IN_MESSAGE = 120;

export function createTicketService(options: TicketServiceOptions): TicketService {
  async function analyze(ticket: Omit<AnalyzeTicketOptions, 'districts' | 'schools'>): Promise<TicketAnalysis> {
    const districts = await options.districts();
    // The district decides which school list applies, so find it before reading campuses.
    const district = matchDistrict({
      text: ticketPlainText(ticket),
      companyNames: ticket.companyNames,
      companyIds: ticket.companyIds,
      districts,
    });
    const schools = district && options.schools ? await options.schools(district.id) : undefined;
    return analyzeTicket({ ...ticket, districts, schools });
  }

  return {
    analyzeText(input) {
      return analyze({ subject: input.subject, content: input.content, ticketId: input.ticketId ?? null });
    },

    async getTicket(ref, call) {
      const parsed = parseTicketRefWithHost(ref);
      if (!parsed) {
        const shown = ref.length > MAX_REF_IN_MESSAGE ? `${ref.slice(0, MAX_REF_IN_MESSAGE)}…` : ref;
        throw new InputError(
          `Expected a HubSpot ticket URL (https://app.hubspot.com/contacts/{portal}/record/0-5/{ticket}) or a ticket number; got "${shown}".`,
          { ref: shown },
        );
      }
      const hubspot = call?.hubspot === undefined ? options.hubspot : call.hubspot;
      if (!hubspot) {
        throw new HubSpotNotConfiguredError(
          'HubSpot is not connected to this gateway (set HUBSPOT_ACCESS_TOKEN, or connect HubSpot by OAuth); paste the ticket text into analyzeTicket instead.',
        );
      }
      const record = await hubspot.getTicket(parsed.ticketId);
      if (!record) return null;

      const companyNames = record.companies.flatMap((company) => (company.name ? [company.name] : []));
      const analysis = await analyze({
        subject: record.subject ?? '',
        content: record.content ?? '',
        companyNames,
        companyIds: record.companies.map((company) => company.id),
        contacts: record.contacts,
        ticketId: record.id,
        priority: record.priority,
      });
      const portalId = parsed.portalId ?? null;
      return {
        id: record.id,
        portalId,
        url: ticketAppUrl({ ticketId: record.id, portalId, appHost: parsed.appHost }),
        subject: record.subject,
        content: record.content === null ? null : htmlToText(record.content),
        priority: record.priority,
        companyNames,
        contactEmails: record.contacts.flatMap((contact) => (contact.email ? [contact.email.toLowerCase()] : [])),
        analysis,
      };
    },
  };
}
