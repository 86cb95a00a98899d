import { findOrgName, nameTokens, type OrgVocabulary, parseOrgName } from './org-names';

/** A Bookmarked district and the names people use for it (Bookmarked's, the customer settings'). */
export interface KnownDistrict {
  id: string;
  names: string[];
  /** HubSpot company ids of the customer (settings `hubspot_company_id`): an exact match beats any name. */
  hubspotCompanyIds?: string[];
}

export interface DistrictMatch {
  id: string;
  /** The district's first name. */
  name: string;
  score: number;
}

export const DISTRICT_VOCABULARY: OrgVocabulary = {
  expansions: {
    isd: ['independent', 'school', 'district'],
    cisd: ['consolidated', 'independent', 'school', 'district'],
    usd: ['unified', 'school', 'district'],
    jusd: ['joint', 'unified', 'school', 'district'],
    cusd: ['community', 'unit', 'school', 'district'],
    ufsd: ['union', 'free', 'school', 'district'],
    csd: ['central', 'school', 'district'],
    esd: ['elementary', 'school', 'district'],
    hsd: ['high', 'school', 'district'],
    msd: ['metropolitan', 'school', 'district'],
    rsd: ['regional', 'school', 'district'],
    sd: ['school', 'district'],
    ps: ['public', 'schools'],
    dist: ['district'],
    co: ['county'],
  },
  generic: new Set([
    'independent',
    'consolidated',
    'unified',
    'school',
    'schools',
    'district',
    'public',
    'county',
    'city',
    'community',
    'central',
    'unit',
    'union',
    'free',
    'joint',
    'metropolitan',
    'regional',
    'area',
    'parish',
    'township',
    'system',
    'elementary',
    'high',
    'of',
  ]),
  anchors: new Set(['independent', 'consolidated', 'unified', 'school', 'schools', 'district', 'public', 'system']),
};

/** Below this a match is not trusted. */
const MIN_SCORE = 0.5;
/** At or above this a match stands even when another district shares its core. */
const CLEAR_SCORE = 0.75;
/** A rival at or above this makes a weaker match ambiguous ("Lakeside schools": Lakeside ISD or Lakeside CISD?). */
const RIVAL_SCORE = 0.4;
/** A match without a district word needs this much of the name. */
const UNANCHORED_MIN_SCORE = 0.6;
/** The HubSpot company is a deliberate label, so it weighs a little more than words in the text. */
const COMPANY_BONUS = 0.1;

/**
 * The known district a ticket names, or null unless the match is good and unambiguous.
 * In the text the district's distinctive words must come with a word saying it is a
 * district ("ISD", "schools", "district") or with most of the name and nothing else
 * ("harbor city"): "Lakeside High School" alone does not name Lakeside ISD. Associated HubSpot company names count without that word.
 */
export function matchDistrict(options: {
  text: string;
  companyNames?: readonly string[];
  /** Ids of the HubSpot companies associated with the ticket. */
  companyIds?: readonly string[];
  districts: readonly KnownDistrict[];
}): DistrictMatch | null {
  const byCompanyId = options.districts.filter((district) =>
    district.hubspotCompanyIds?.some((id) => options.companyIds?.includes(id)),
  );
  const [onlyByCompanyId] = byCompanyId;
  if (byCompanyId.length === 1 && onlyByCompanyId) {
    return { id: onlyByCompanyId.id, name: onlyByCompanyId.names[0] ?? onlyByCompanyId.id, score: 1 };
  }

  const textTokens = nameTokens(options.text, DISTRICT_VOCABULARY);
  const companyTokens = (options.companyNames ?? []).map((company) => nameTokens(company, DISTRICT_VOCABULARY));
  const best = new Map<string, number>();

  for (const district of options.districts) {
    for (const name of district.names) {
      const parsed = parseOrgName(name, DISTRICT_VOCABULARY);
      for (const match of findOrgName(textTokens, parsed, DISTRICT_VOCABULARY)) {
        // Without a word like "ISD" or "schools", most of the name must be there and nothing else ("harbor city").
        const trusted = match.anchored || (match.score >= UNANCHORED_MIN_SCORE && match.extraWords.length === 0);
        if (trusted) best.set(district.id, Math.max(best.get(district.id) ?? 0, match.score));
      }
      for (const tokens of companyTokens) {
        for (const match of findOrgName(tokens, parsed, DISTRICT_VOCABULARY)) {
          best.set(district.id, Math.max(best.get(district.id) ?? 0, Math.min(1, match.score + COMPANY_BONUS)));
        }
      }
    }
  }

  const ranked = [...best].sort((a, b) => b[1] - a[1]);
  const [top, rival] = ranked;
  if (!top || top[1] < MIN_SCORE) return null;
  if (rival && (rival[1] === top[1] || (top[1] < CLEAR_SCORE && rival[1] >= RIVAL_SCORE))) return null;
  const district = options.districts.find((candidate) => candidate.id === top[0]);
  return district ? { id: district.id, name: district.names[0] ?? district.id, score: top[1] } : null;
}
