/**
 * Runs the end-to-end stack (stack.ts) in its own Node process, under tsx like the gateway
 * runs everywhere else, and keeps it up until SIGTERM/SIGINT:
 *
 *   npx tsx web/tests/e2e/serve-stack.ts     # try the web app by hand on the test data
 *
 * The e2e global setup starts it the same way and reads the `STACK_READY {json}` line.
 */
import { PASSWORD, type StackHubSpot, startStack, USERS } from './stack';

export interface StackInfo {
  webUrl: string;
  gatewayUrl: string;
  tokens: Record<string, string>;
  districts: {
    districtId: number;
    name: string;
    plantedFaults: { tool: string; kind: string; input: Record<string, unknown>; expectedStatus: string }[];
    expectedReportCounts: Record<string, number>;
  }[];
  hubspot: StackHubSpot;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const stack = await startStack({ webPort: Number(process.env.PORT) || undefined, log });
const info: StackInfo = {
  webUrl: stack.webUrl,
  gatewayUrl: stack.gatewayUrl,
  tokens: stack.tokens,
  districts: stack.districts.map((d) => ({
    districtId: d.spec.districtId,
    name: d.spec.name,
    plantedFaults: d.generated.plantedFaults.map((f) => ({
      tool: f.tool,
      kind: f.kind,
      input: f.input as unknown as Record<string, unknown>,
      expectedStatus: f.expectedStatus,
    })),
    expectedReportCounts: d.generated.expectedReportCounts as unknown as Record<string, number>,
  })),
  hubspot: stack.hubspot,
};
log(`\nOpen ${stack.webUrl}  (gateway ${stack.gatewayUrl}, local HubSpot ${stack.hubspot.url})`);
for (const user of Object.values(USERS)) log(`  ${user.role.padEnd(8)} ${user.username} / ${PASSWORD}`);
process.stdout.write(`STACK_READY ${JSON.stringify(info)}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
