import { getContext, setContext } from 'svelte';
import { DISTRICT_COOKIE, districtCookieValue, ENVIRONMENT_COOKIE, SELECTION_MAX_AGE, type Selection } from './selection';
import type { DistrictChoice, Environment } from './types';

const KEY = Symbol('selection');

// Plain preference cookies (nothing secret), set from the page so the server renders the choice at once.
function writeCookie(name: string, value: string | null) {
  if (typeof document === 'undefined') return;
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser support engineers use.
  document.cookie =
    value === null
      ? `${name}=; Path=/; Max-Age=0; SameSite=Lax`
      : `${name}=${value}; Path=/; Max-Age=${SELECTION_MAX_AGE}; SameSite=Lax`;
}

/** The environment and district in use, shared by every page of the signed-in app. */
export class SelectionState {
  environment = $state<Environment>('STAGING');
  district = $state<DistrictChoice | null>(null);

  constructor(initial: Selection) {
    this.environment = initial.environment;
    this.district = initial.district;
  }

  /**
   * Switching environment keeps the district: Bookmarked ids are the same in staging and
   * production. Pages that load the district say so when it is not in the new environment.
   */
  setEnvironment(environment: Environment) {
    this.environment = environment;
    writeCookie(ENVIRONMENT_COOKIE, environment);
    if (this.district && this.district.environment !== environment) this.setDistrict({ ...this.district, environment });
  }

  setDistrict(district: DistrictChoice | null) {
    this.district = district;
    writeCookie(DISTRICT_COOKIE, district ? districtCookieValue(district) : null);
    if (district && district.environment !== this.environment) {
      this.environment = district.environment;
      writeCookie(ENVIRONMENT_COOKIE, district.environment);
    }
  }
}

export const provideSelection = (initial: Selection) => setContext(KEY, new SelectionState(initial));
export const useSelection = () => getContext<SelectionState>(KEY);
