import { toolHref } from './selection';
import type { Environment } from './types';

/** A ticket link (any HubSpot host, EU too) or a bare ticket number: looked up in HubSpot. Anything else is ticket text. */
export function looksLikeTicketRef(value: string): boolean {
  const text = value.trim();
  if (/^#?\d{1,20}$/.test(text)) return true;
  return /^https?:\/\/[^\s]*hubspot\.com\/\S+$/i.test(text);
}

/** Splits pasted text into a subject (the first line) and content (the rest). */
export function splitTicketText(value: string): { subject: string; content: string } {
  const text = value.trim();
  const newline = text.indexOf('\n');
  if (newline === -1) return { subject: text.slice(0, 200), content: text };
  return { subject: text.slice(0, newline).trim().slice(0, 200), content: text.slice(newline + 1).trim() };
}

/** The tool page for a recommendation, its inputs pre-filled (strings only; district and environment as the page's own parameters). */
export function recommendationHref(options: {
  tool: string;
  prefill: unknown;
  districtId: string | null;
  environment: Environment;
}): string {
  const prefill = options.prefill && typeof options.prefill === 'object' ? (options.prefill as Record<string, unknown>) : {};
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(prefill)) {
    if (key === 'districtId' || key === 'environment') continue;
    if (typeof value === 'string' && value.trim()) extra[key] = value.trim();
  }
  const districtId = typeof prefill.districtId === 'string' && prefill.districtId ? prefill.districtId : options.districtId;
  const environment =
    typeof prefill.environment === 'string' && /^(staging|production)$/i.test(prefill.environment)
      ? (prefill.environment.toUpperCase() as Environment)
      : options.environment;
  return toolHref(options.tool, districtId ? { id: districtId } : null, environment, extra);
}

export const confidenceLabel = (confidence: number) =>
  confidence >= 0.75 ? 'Strong match' : confidence >= 0.45 ? 'Likely' : 'Possible';
