import { HUBSPOT_APP_BASE_URL, TICKET_OBJECT_TYPE_ID } from '../connectors/hubspot/hubspot-api';

/** A HubSpot ticket named by a pasted URL or number. */
export interface TicketRef {
  ticketId: string;
  /** The HubSpot account (portal), when the URL names it. */
  portalId?: string;
}

/** HubSpot's app hosts: app.hubspot.com, and regional ones such as app-eu1.hubspot.com. */
const APP_HOST = /^app(?:-[a-z]{2,3}\d+)?\.hubspot\.com$/;
const DIGITS = /^\d{1,20}$/;

/**
 * Reads what people paste to name a ticket: a bare number ("512", " #512 ") or a HubSpot
 * ticket URL in any of its forms (record/0-5, the older /ticket/, the help desk view; with
 * a trailing "/", "/view/1" or a query string; http or https; any regional host, with or
 * without the scheme). Anything else, a contact or company URL included, is null.
 */
export function parseTicketRef(ref: string): TicketRef | null {
  const detailed = parseTicketRefWithHost(ref);
  if (!detailed) return null;
  return detailed.portalId ? { ticketId: detailed.ticketId, portalId: detailed.portalId } : { ticketId: detailed.ticketId };
}

/** parseTicketRef, plus the app host of a pasted URL (to link back to the same region). */
export function parseTicketRefWithHost(ref: string): (TicketRef & { appHost?: string }) | null {
  const trimmed = ref.trim();
  const bare = /^#?\s*(\d{1,20})$/.exec(trimmed);
  if (bare?.[1]) return { ticketId: bare[1] };

  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (!['http:', 'https:'].includes(url.protocol) || !APP_HOST.test(url.hostname.toLowerCase())) return null;

  const segments = url.pathname.split('/').filter(Boolean);
  const [area, portalId, ...rest] = segments;
  let ticketId: string | undefined;
  if (area === 'contacts' && rest[0] === 'record' && rest[1] === TICKET_OBJECT_TYPE_ID) ticketId = rest[2];
  else if (area === 'contacts' && rest[0] === 'ticket') ticketId = rest[1];
  else if (area === 'help-desk' && rest[0] === 'view' && rest[2] === 'ticket') ticketId = rest[3];
  if (!ticketId || !portalId || !DIGITS.test(ticketId) || !DIGITS.test(portalId)) return null;
  return { ticketId, portalId, appHost: url.hostname.toLowerCase() };
}

/** The ticket's page in HubSpot, or null when the portal is unknown. */
export function ticketAppUrl(options: { ticketId: string; portalId?: string | null; appHost?: string | null }): string | null {
  if (!options.portalId) return null;
  const origin = options.appHost ? `https://${options.appHost}` : HUBSPOT_APP_BASE_URL;
  return `${origin}/contacts/${options.portalId}/record/${TICKET_OBJECT_TYPE_ID}/${options.ticketId}`;
}
