import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS } from './demo-districts';
import { generateDistrict } from './generate-district';

describe('DEMO_DISTRICTS', () => {
  it('gives each district its own id and customer, and the picker several Spring and Lake names', () => {
    expect(new Set(DEMO_DISTRICTS.map((spec) => spec.districtId)).size).toBe(DEMO_DISTRICTS.length);
    expect(new Set(DEMO_DISTRICTS.map((spec) => spec.customerId)).size).toBe(DEMO_DISTRICTS.length);
    expect(DEMO_DISTRICTS.filter((spec) => spec.name.startsWith('Spring')).length).toBeGreaterThanOrEqual(5);
    expect(DEMO_DISTRICTS.filter((spec) => spec.name.startsWith('Lake')).length).toBeGreaterThanOrEqual(5);
    expect(DEMO_DISTRICTS.filter((spec) => spec.source !== 'none').map((spec) => spec.districtId)).toEqual([1001, 1002, 1003]);
    expect(new Set(DEMO_DISTRICTS.filter((spec) => spec.source !== 'none').map((spec) => spec.oneRosterVersion))).toEqual(
      new Set(['1.1', '1.2']),
    );
  });

  it('generates every district: faults where the catalogue is asked for, none elsewhere', () => {
    for (const spec of DEMO_DISTRICTS) {
      const district = generateDistrict(spec);
      const findings = Object.values(district.expectedReportCounts).reduce((sum, count) => sum + count, 0);
      expect({ name: spec.name, hasFindings: findings > 0 }).toEqual({ name: spec.name, hasFindings: spec.faults === 'catalog' });
      expect(district.bookmarked.district).toMatchObject({ id: spec.districtId, name: spec.name, state: spec.state });
    }
  });
});
