/**
 * `npx tsx web/tests/e2e/dev-stack.ts`: the e2e stack kept running, for trying the web app by
 * hand (or taking screenshots). Prints the address and the three users; Ctrl-C stops it.
 */
import { PASSWORD, startStack, USERS } from './stack';

const stack = await startStack({ webPort: Number(process.env.PORT) || undefined, log: (line) => console.log(line) });
console.log(`\nOpen ${stack.webUrl}  (gateway ${stack.gatewayUrl}, trust: ${stack.trust})`);
for (const user of Object.values(USERS)) console.log(`  ${user.role.padEnd(8)} ${user.username} / ${PASSWORD}`);
const faults = stack.harness.districts.flatMap((d) => d.generated.plantedFaults.map((f) => ({ district: d.spec.districtId, ...f })));
console.log(`\nPlanted faults (${faults.length}), e.g.:`);
for (const fault of faults.slice(0, 12)) console.log(`  ${fault.district} ${fault.tool} ${JSON.stringify(fault.input)} → ${fault.expectedStatus} (${fault.kind})`);
const stop = () => void stack.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
