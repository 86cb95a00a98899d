import { isDeepStrictEqual } from 'node:util';
import { loadOneRosterBundle } from '@cdt/gateway/connectors/oneroster-csv/load-bundle';
import { loadOneRosterBundle as loadOrig } from '@cdt/gateway/connectors/oneroster-csv/zz-load-bundle-orig';

const path = process.argv[2] as string;
const a = await loadOrig({ path });
const b = await loadOneRosterBundle({ path });
let bad = 0;
for (const key of Object.keys(a) as (keyof typeof a)[]) {
  const x = a[key] as unknown;
  const y = b[key] as unknown;
  if (x instanceof Map) {
    const ex = [...x.entries()];
    const ey = [...(y as ReadonlyMap<string, unknown>).entries()];
    const ok = isDeepStrictEqual(ex, ey) && x.size === (y as Map<string, unknown>).size;
    // get() of every key and of a missing key
    let gets = true;
    for (const [k, v] of ex)
      if (!isDeepStrictEqual((y as Map<string, unknown>).get(k), v)) {
        gets = false;
        break;
      }
    if ((y as Map<string, unknown>).get('nope-not-a-key') !== undefined) gets = false;
    console.log(key, x.size, ok && gets ? 'same' : 'DIFFERENT');
    if (!(ok && gets)) bad++;
  } else {
    const ok = isDeepStrictEqual(x, y);
    console.log(key, ok ? 'same' : 'DIFFERENT');
    if (!ok) bad++;
  }
}
process.exit(bad ? 1 : 0);
