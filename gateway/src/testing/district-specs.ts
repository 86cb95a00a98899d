import type { DistrictSpec } from '../demo/provision';

/**
 * The generated districts specs use, so each names only what it varies: Lakeside is a small
 * OneRoster 1.1 CSV folder on staging without planted faults; Riverbend is a second customer.
 */
export function lakesideSpec(overrides: Partial<DistrictSpec> = {}): DistrictSpec {
  return {
    seed: 7,
    districtId: 1001,
    name: 'Lakeside Independent School District',
    state: 'TX',
    sisProvider: 'oneroster',
    students: 30,
    oneRosterVersion: '1.1',
    faults: 'none',
    customerId: 'lakeside-isd',
    customerName: 'Lakeside ISD',
    source: 'csv-folder',
    environment: 'staging',
    ...overrides,
  };
}

export function riverbendSpec(overrides: Partial<DistrictSpec> = {}): DistrictSpec {
  return lakesideSpec({
    seed: 11,
    districtId: 1002,
    name: 'Riverbend Unified School District',
    customerId: 'riverbend-usd',
    customerName: 'Riverbend USD',
    ...overrides,
  });
}
