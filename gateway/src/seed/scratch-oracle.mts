import { generateDistrict } from './generate-district';
import { createCatalogOracle } from './catalog-oracle';
for (const [seed, id, v, students] of [[1, 1001, '1.1', 300], [2, 1002, '1.2', 200], [9, 1009, '1.1', 60]] as const) {
const d = generateDistrict({ seed, districtId: id, name: 'Lakeside Independent School District', state: 'TX', sisProvider: 'oneroster', students, oneRosterVersion: v, faults: 'catalog' });
const oracle = createCatalogOracle(d);
let bad = 0;
for (const f of d.plantedFaults) {
  for (const pairing of ['twin-lookup', 'matched-only'] as const) {
    const a = oracle(f, { pairing });
    const exp = [...f.expectedKinds].sort().join(',');
    if (a.status !== f.expectedStatus || a.kinds.join(',') !== exp) { bad++; console.log('FAULT', pairing, f.id, a, f.expectedStatus, exp); }
  }
}
for (const c of d.cleanControls) { const a = oracle(c); if (a.status !== 'NO_ISSUE' || a.kinds.length) { bad++; console.log('CONTROL', c.id, a); } }
for (const c of d.ambiguous) { const a = oracle(c); if (a.status !== 'INCONCLUSIVE') { bad++; console.log('AMBIG', c.id, a); } }
console.log(seed, 'bad', bad);
}
