import { InputError } from '../errors';
import { buildBaselineRoster } from './baseline-roster';
import { DistrictBuilder } from './district-builder';
import type { GenerateDistrictOptions, GeneratedDistrict } from './district-model';
import { computeExpectedReportCounts } from './expected-report-counts';
import { plantCatalog } from './plant-catalog';
import { SeededRandom } from './prng';

const STUDENTS_PER_SCHOOL = 500;
const MIN_SCHOOLS = 5;
const MAX_DISTRICT_ID = 900_000_000;

/**
 * Generates one district, both systems side by side: the SIS as OneRoster records and
 * Bookmarked as table rows, with faults planted as asked and the ground truth to test the
 * diagnostics against. Deterministic: the same options always give the same district.
 *
 * - `faults: 'none'`: Bookmarked mirrors every live SIS record exactly (plus harmless noise:
 *   soft-deleted rows, departed families, sync history). Every report count is zero.
 * - `faults: 'catalog'`: the demo and test set, see plant-catalog.ts.
 * - `faults: { rate }`: about that share of students (and of classes) get a random fault;
 *   `benchFaults` lists them and `expectedReportCounts` gives the totals.
 */
export function generateDistrict(options: GenerateDistrictOptions): GeneratedDistrict {
  const settings = validate(options);
  const rng = new SeededRandom(settings.seed);
  const baselineRandom = rng.fork('baseline');
  const catalogRandom = rng.fork('catalog');
  const builder = new DistrictBuilder(settings);
  const benchRate = typeof settings.faults === 'object' ? settings.faults.rate : 0;
  const roster = buildBaselineRoster({ builder, rng: baselineRandom, settings, benchRate });
  const catalog =
    settings.faults === 'catalog'
      ? plantCatalog({ builder, rng: catalogRandom, roster, state: settings.state })
      : { plantedFaults: [], cleanControls: [], ambiguous: [] };
  return {
    options: settings,
    emailDomain: roster.emailDomain,
    schools: builder.schools.map((school) => school.summary),
    source: builder.source,
    bookmarked: builder.bookmarked,
    ...catalog,
    benchFaults: roster.benchFaults,
    expectedReportCounts: computeExpectedReportCounts({ source: builder.source, bookmarked: builder.bookmarked }),
  };
}

function validate(options: GenerateDistrictOptions): Required<GenerateDistrictOptions> {
  const problems: string[] = [];
  if (!Number.isInteger(options.seed)) problems.push(`seed must be an integer, got ${options.seed}`);
  if (!Number.isInteger(options.districtId) || options.districtId < 1 || options.districtId >= MAX_DISTRICT_ID) {
    problems.push(`districtId must be an integer from 1 to ${MAX_DISTRICT_ID - 1}, got ${options.districtId}`);
  }
  if (!Number.isInteger(options.students) || options.students < 0)
    problems.push(`students must be a whole number, got ${options.students}`);
  if (!/^[A-Z]{2}$/.test(options.state)) problems.push(`state must be a two-letter code like "TX", got "${options.state}"`);
  if (typeof options.faults === 'object' && !(options.faults.rate >= 0 && options.faults.rate <= 1)) {
    problems.push(`faults.rate must be between 0 and 1, got ${options.faults.rate}`);
  }
  const schools = options.schools ?? Math.max(MIN_SCHOOLS, Math.round(options.students / STUDENTS_PER_SCHOOL));
  if (!Number.isInteger(schools) || schools < 3) problems.push(`schools must be 3 or more (one per level), got ${schools}`);
  if (problems.length > 0) throw new InputError(`generateDistrict: ${problems.join('; ')}`, { problems });
  return { ...options, schools };
}
