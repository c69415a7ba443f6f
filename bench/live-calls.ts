// Live reads: how many EC2 API calls a whole-region read takes for regions of different sizes,
// counted by the loopback EC2 Query server (127.0.0.1 only, dummy credentials). The regions share
// their shape (same VPCs, subnets, groups, endpoints) and differ only in instances, so any growth
// in calls is pagination. Prints a JSON array; bench/run.ts puts it in the table.
//
//   node --import tsx bench/live-calls.ts region-1.json region-100.json region-10000.json

import '../test/support/ec2-live-env.ts';
import { readFileSync } from 'node:fs';
import { readRegion } from '../src/load/aws/read-region.ts';
import { startEc2QueryServer } from '../test/support/ec2-query-server.ts';

const rows = [];
for (const file of process.argv.slice(2)) {
  const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const instances = (document['Reservations'] as Array<{ Instances: unknown[] }>).reduce((n, r) => n + r.Instances.length, 0);
  const region = String(document['Region']);
  const server = await startEc2QueryServer({ document, pageSize: 1000 });
  try {
    const result = await readRegion({ region, endpointUrl: server.url, maxAttempts: 2 });
    const read = (result.document['Reservations'] as Array<{ Instances: unknown[] }>).reduce((n, r) => n + r.Instances.length, 0);
    if (read !== instances) throw new Error(`read ${read} of ${instances} instances`);
    const byAction = server.counts();
    rows.push({
      instances,
      calls: server.requests.length,
      instancePages: byAction['DescribeInstances'] ?? 0,
      interfacePages: byAction['DescribeNetworkInterfaces'] ?? 0,
      byAction,
    });
  } finally {
    await server.close();
  }
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
