import { generateDistrict } from '@cdt/gateway/seed/generate-district';
import { writeOneRosterBundle } from '@cdt/gateway/seed/write-oneroster-bundle';

for (const version of ['1.1', '1.2'] as const) {
  const district = generateDistrict({
    seed: 7,
    districtId: 99,
    name: 'Eq ISD',
    state: 'TX',
    sisProvider: 'oneroster',
    students: 3000,
    oneRosterVersion: version,
    faults: 'catalog',
  });
  const b = await writeOneRosterBundle({ district, dir: `/tmp/prof/eq-${version}` });
  console.log(b.path);
}
