/** The district picker's rules: search from 3 characters, by name or id, the first 50 shown. */
export const MIN_SEARCH_LENGTH = 3;
export const MAX_RESULTS = 50;
/** Wait this long after the last keystroke before searching. */
export const SEARCH_DEBOUNCE_MS = 200;

export const canSearch = (search: string) => search.trim().length >= MIN_SEARCH_LENGTH;

/** The line under the search box. */
export function pickerMessage(options: {
  search: string;
  totalCount: number | null;
  shown: number;
  loading: boolean;
  error?: string | null;
}): string {
  const search = options.search.trim();
  if (!canSearch(search)) {
    const left = MIN_SEARCH_LENGTH - search.length;
    return search.length === 0
      ? `Type at least ${MIN_SEARCH_LENGTH} characters of a district name or id.`
      : `Type ${left} more character${left === 1 ? '' : 's'} to search.`;
  }
  if (options.error) return options.error;
  if (options.loading && options.totalCount === null) return 'Searching…';
  const total = options.totalCount ?? 0;
  if (total === 0) return `No district matches "${search}".`;
  if (total > options.shown) return `Showing first ${options.shown} of ${total} matches. Keep typing to narrow down...`;
  return total === 1 ? '1 district matches.' : `${total} districts match.`;
}
