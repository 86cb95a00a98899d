import { hubspotForRequest } from '../../services/hubspot-connections';
import type { TicketAnalysis } from '../../tickets/analyze-ticket';
import type { ExtractedTicketFields } from '../../tickets/extract-ticket-fields';
import type { ToolRecommendation } from '../../tickets/recommend-tools';
import type { AnalyzedTicket } from '../../tickets/ticket-service';
import { builder } from '../builder';

export const ExtractedTicketFieldsRef = builder.objectRef<ExtractedTicketFields>('ExtractedTicketFields').implement({
  description: 'What a ticket names: district, parent emails, students, campuses. Heuristic: check before running a tool.',
  fields: (t) => ({
    districtId: t.exposeID('districtId', {
      nullable: true,
      description: 'Bookmarked district id, when the ticket names a district we know.',
    }),
    districtName: t.exposeString('districtName', { nullable: true }),
    parentEmails: t.exposeStringList('parentEmails', {
      description: 'Every email in the ticket and its HubSpot contacts, lower case, the contacts first.',
    }),
    studentNames: t.exposeStringList('studentNames', { description: '"Given Family", in order of first mention.' }),
    campuses: t.exposeStringList('campuses', {
      description: "The district's school names when they matched one, else as written; in order of first mention.",
    }),
    oldCampus: t.exposeString('oldCampus', { nullable: true, description: 'For a transfer: the campus the student left.' }),
    newCampus: t.exposeString('newCampus', { nullable: true, description: 'For a transfer: the campus the student moved to.' }),
    issueType: t.exposeString('issueType', {
      nullable: true,
      description:
        'WRONG_STUDENT_LINKED, STUDENT_OR_CLASSES_MISSING, SHARED_PARENT_EMAIL, CAMPUS_TRANSFER, DISTRICT_WIDE_DATA, STUDENT_RECORD, ACCOUNT_ACCESS, BILLING or APP_FEEDBACK.',
    }),
    priority: t.exposeString('priority', {
      nullable: true,
      description:
        "LOW, MEDIUM, HIGH or URGENT: HubSpot's when set, else read from the text (a stranger's child on an account is HIGH).",
    }),
  }),
});

export const ToolRecommendationRef = builder.objectRef<ToolRecommendation>('ToolRecommendation').implement({
  description: 'A diagnostic that fits the ticket, with the inputs the ticket gives.',
  fields: (t) => ({
    tool: t.exposeString('tool', {
      description:
        "The tool's mutation name: studentSearch, studentMismatch, missingData, parentEmailConflicts, campusTransfer or dataQualityReport.",
    }),
    title: t.exposeString('title', { description: "The tool's name as people say it, e.g. 'Student Mismatch Resolver'." }),
    confidence: t.exposeFloat('confidence', { description: 'From 0 to 1.' }),
    reasons: t.exposeStringList('reasons', { description: 'Why: the words and facts in the ticket that point to this tool.' }),
    prefill: t.field({
      type: 'JSON',
      description: "Input values for the tool's mutation taken from the ticket (field names as in its input type).",
      resolve: (recommendation) => recommendation.prefill,
    }),
  }),
});

export const TicketAnalysisRef = builder.objectRef<TicketAnalysis>('TicketAnalysis').implement({
  fields: (t) => ({
    extracted: t.field({ type: ExtractedTicketFieldsRef, resolve: (analysis) => analysis.extracted }),
    recommendations: t.field({
      type: [ToolRecommendationRef],
      description: 'Best first. Empty when no tool fits the ticket.',
      resolve: (analysis) => analysis.recommendations,
    }),
  }),
});

export const TicketTextInput = builder.inputType('TicketTextInput', {
  fields: (t) => ({
    subject: t.string({ required: true }),
    content: t.string({ required: true, description: 'Plain text or HTML (HubSpot rich text).' }),
    ticketId: t.string({ required: false, description: 'The ticket this text comes from; copied into each prefill.' }),
  }),
});

export const HubSpotTicketRef = builder.objectRef<AnalyzedTicket>('HubSpotTicket').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    subject: t.exposeString('subject', { nullable: true }),
    content: t.exposeString('content', {
      nullable: true,
      description: 'The ticket description as plain text (HubSpot rich text with its tags removed).',
    }),
    priority: t.exposeString('priority', {
      nullable: true,
      description: "HubSpot's hs_ticket_priority: LOW, MEDIUM, HIGH or URGENT.",
    }),
    url: t.exposeString('url', {
      nullable: true,
      description: "The ticket's page in HubSpot, when the pasted URL named the portal.",
    }),
    portalId: t.exposeString('portalId', { nullable: true, description: 'The HubSpot account, when the pasted URL named it.' }),
    analysis: t.field({ type: TicketAnalysisRef, resolve: (ticket) => ticket.analysis }),
  }),
});

builder.queryFields((t) => ({
  analyzeTicket: t.field({
    type: TicketAnalysisRef,
    description: 'Analyse ticket text without HubSpot (pasted text, other help desks, tests).',
    args: { input: t.arg({ type: TicketTextInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.tickets.analyzeText({ subject: input.subject, content: input.content, ticketId: input.ticketId ?? null }),
  }),
  ticket: t.field({
    type: HubSpotTicketRef,
    nullable: true,
    description: 'A HubSpot ticket by URL or number; null when HubSpot has no such ticket.',
    args: { ref: t.arg.string({ required: true }) },
    // The viewer's own HubSpot connection when they made one, else the service token.
    resolve: async (_root, { ref }, ctx) => {
      if (!ctx.services.hubspot) return ctx.services.tickets.getTicket(ref);
      const { connections, ...request } = hubspotForRequest(ctx);
      const access = await connections?.accessFor(request);
      return ctx.services.tickets.getTicket(ref, { hubspot: access?.client ?? null });
    },
  }),
}));
