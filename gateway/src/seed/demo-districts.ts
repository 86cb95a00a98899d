import type { GenerateDistrictOptions, OneRosterVersion, SisProvider } from './district-model';

/**
 * The embedded demo's districts. Three customers with SIS data (two with the fault catalogue,
 * one clean), then a few dozen small Bookmarked-only districts so the district picker has
 * something to search ("Spring…", "Lake…"). Seeds equal district ids, so each district is the
 * same on every start.
 */
export interface DemoDistrictSpec extends GenerateDistrictOptions {
  /** Settings file name and customer_id. */
  customerId: string;
  customerName: string;
  /** How the SIS side is published: a CSV folder, a zip, or not at all (Bookmarked only). */
  source: 'csv-folder' | 'csv-zip' | 'none';
  /** The customer's `oneshelf_environment`. */
  environment: 'staging' | 'production';
}

const CUSTOMERS: readonly DemoDistrictSpec[] = [
  {
    seed: 1001,
    districtId: 1001,
    name: 'Lakeside Independent School District',
    state: 'TX',
    sisProvider: 'oneroster',
    students: 300,
    oneRosterVersion: '1.1',
    faults: 'catalog',
    customerId: 'lakeside-isd',
    customerName: 'Lakeside ISD',
    source: 'csv-folder',
    environment: 'production',
  },
  {
    seed: 1002,
    districtId: 1002,
    name: 'Riverbend Unified School District',
    state: 'CA',
    sisProvider: 'oneroster',
    students: 200,
    oneRosterVersion: '1.2',
    faults: 'catalog',
    customerId: 'riverbend-usd',
    customerName: 'Riverbend USD',
    source: 'csv-zip',
    environment: 'staging',
  },
  {
    seed: 1003,
    districtId: 1003,
    name: 'Pine Valley Public Schools',
    state: 'OR',
    sisProvider: 'oneroster',
    students: 150,
    oneRosterVersion: '1.1',
    faults: 'none',
    customerId: 'pine-valley-ps',
    customerName: 'Pine Valley Public Schools',
    source: 'csv-folder',
    environment: 'production',
  },
];

const PICKER_ONLY: readonly [name: string, state: string, sisProvider: SisProvider][] = [
  ['Spring Independent School District', 'TX', 'classlink'],
  ['Spring Branch Independent School District', 'TX', 'classlink'],
  ['Springfield Public Schools', 'MO', 'oneroster'],
  ['Spring Lake Park Schools', 'MN', 'oneroster'],
  ['Springdale School District', 'AR', 'other'],
  ['Spring Valley Unified School District', 'CA', 'classlink'],
  ['Spring Hill Community Schools', 'KS', 'oneroster'],
  ['Springville City School District', 'UT', 'other'],
  ['Lake Travis Independent School District', 'TX', 'classlink'],
  ['Lake Washington School District', 'WA', 'oneroster'],
  ['Lakewood City Schools', 'OH', 'oneroster'],
  ['Lake Forest School District', 'IL', 'classlink'],
  ['Lake Stevens School District', 'WA', 'other'],
  ['Lakeland Joint School District', 'ID', 'oneroster'],
  ['Lake Oswego School District', 'OR', 'classlink'],
  ['Lakeshore Public Schools', 'MI', 'oneroster'],
  ['Lake County Schools', 'FL', 'classlink'],
  ['Lakeview Unified School District', 'AZ', 'other'],
  ['Riverside Unified School District', 'CA', 'classlink'],
  ['River Falls School District', 'WI', 'oneroster'],
  ['Pine Bluff School District', 'AR', 'other'],
  ['Pinecrest Academy District', 'NV', 'oneroster'],
  ['Cedar Rapids Community School District', 'IA', 'classlink'],
  ['Oak Park Elementary School District', 'IL', 'oneroster'],
  ['Maple Heights City Schools', 'OH', 'other'],
  ['Willow Creek School District', 'CO', 'classlink'],
  ['Sunnyvale School District', 'CA', 'oneroster'],
  ['Mesa Public Schools', 'AZ', 'classlink'],
  ['Harbor Springs Public Schools', 'MI', 'oneroster'],
  ['Colorado Springs School District', 'CO', 'other'],
];

const PICKER_ONLY_FIRST_ID = 1101;

export const DEMO_DISTRICTS: readonly DemoDistrictSpec[] = [
  ...CUSTOMERS,
  ...PICKER_ONLY.map(([name, state, sisProvider], index): DemoDistrictSpec => {
    const districtId = PICKER_ONLY_FIRST_ID + index;
    return {
      seed: districtId,
      districtId,
      name,
      state,
      sisProvider,
      students: 24,
      schools: 3,
      oneRosterVersion: '1.1' satisfies OneRosterVersion,
      faults: 'none',
      customerId: `district-${districtId}`,
      customerName: name,
      source: 'none',
      environment: index % 3 === 0 ? 'staging' : 'production',
    };
  }),
];
