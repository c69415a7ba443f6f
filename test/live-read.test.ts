// The live reader against a real EC2 Query-protocol server on loopback: the SDK signs and sends
// its form-encoded POSTs, parses the XML, retries, times out. Nothing stubs the client.

import { DUMMY_ACCESS_KEY_ID, profileFiles } from './support/ec2-live-env.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveReadError } from '../src/load/aws/live-read-error.ts';
import { readRegion } from '../src/load/aws/read-region.ts';
import type { ReadProgress, ReadRegionOptions } from '../src/load/aws/read-region.ts';
import { SMALL_VPC_IDS, SMALL_VPC_INSTANCES, scaledDocument, smallVpcDocument } from './support/ec2-fixtures.ts';
import { startEc2QueryServer } from './support/ec2-query-server.ts';
import type { Ec2QueryServer, FaultPlan } from './support/ec2-query-server.ts';

type Doc = Record<string, unknown>;
type Item = Record<string, unknown>;

const ALL_KEYS = [
  'Reservations', 'Vpcs', 'VpcAttributes', 'Subnets', 'SecurityGroups', 'NetworkAcls', 'RouteTables',
  'InternetGateways', 'EgressOnlyInternetGateways', 'NatGateways', 'VpcEndpoints', 'NetworkInterfaces',
  'PrefixLists', 'ManagedPrefixLists', 'DhcpOptions', 'VpcPeeringConnections', 'TransitGateways',
  'TransitGatewayAttachments', 'Addresses',
];

async function withServer<T>(
  setup: { document?: Doc; pageSize?: number; faults?: FaultPlan },
  body: (server: Ec2QueryServer) => Promise<T>,
): Promise<T> {
  const server = await startEc2QueryServer({ document: setup.document ?? smallVpcDocument(), ...setup });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

function read(server: Ec2QueryServer, options: Partial<ReadRegionOptions> = {}) {
  return readRegion({ region: 'us-east-1', endpointUrl: server.url, maxAttempts: 4, ...options });
}

const ids = (list: unknown, key: string): string[] => (list as Item[]).map((item) => String(item[key]));
const instanceIds = (doc: Doc): string[] =>
  (doc['Reservations'] as Item[]).flatMap((r) => (r['Instances'] as Item[]).map((i) => String(i['InstanceId'])));

// ---------------------------------------------------------------------------------------------

const region = suite('live read: whole region');

region('reads every key, identical to the served snapshot', async () => {
  await withServer({}, async (server) => {
    const fixture = smallVpcDocument();
    const result = await read(server);
    assert.equal(result.denied, []);
    assert.equal(Object.keys(result.document).sort(), ['Region', ...ALL_KEYS].sort());
    for (const key of ['Region', ...ALL_KEYS]) {
      assert.equal(result.document[key], fixture[key], `${key} read back differs from the fixture`);
    }
    // JSON-ready: timestamps are ISO strings, not Date objects.
    assert.is(JSON.parse(JSON.stringify(result.document)).NatGateways[0].CreateTime, '2024-05-01T08:00:00.000Z');
  });
});

region('sends only signed Describe/Get requests, one per call when nothing pages', async () => {
  await withServer({}, async (server) => {
    const result = await read(server);
    for (const request of server.requests) {
      assert.ok(/^(Describe|Get)[A-Za-z]+$/.test(request.action), `unexpected action ${request.action}`);
      assert.ok(request.signed, `${request.action} was not SigV4-signed`);
      assert.is(request.accessKeyId, DUMMY_ACCESS_KEY_ID);
      assert.is(request.params['Version'], '2016-11-15');
    }
    assert.equal(server.counts(), {
      DescribeInstances: 1, DescribeVpcs: 1, DescribeSubnets: 1, DescribeSecurityGroups: 1, DescribeNetworkAcls: 1,
      DescribeRouteTables: 1, DescribeInternetGateways: 1, DescribeEgressOnlyInternetGateways: 1, DescribeNatGateways: 1,
      DescribeVpcEndpoints: 1, DescribeNetworkInterfaces: 1, DescribePrefixLists: 1, DescribeManagedPrefixLists: 1,
      GetManagedPrefixListEntries: 1, DescribeDhcpOptions: 1, DescribeVpcPeeringConnections: 1,
      DescribeTransitGateways: 1, DescribeTransitGatewayAttachments: 1, DescribeAddresses: 1,
      DescribeVpcAttribute: 4, // 2 VPCs × (enableDnsSupport, enableDnsHostnames)
    });
    assert.is(result.calls.length, server.requests.length);
    // Whole region: no filters anywhere.
    assert.ok(server.requests.every((r) => Object.keys(r.filters).length === 0));
    const attributes = server.requests.filter((r) => r.action === 'DescribeVpcAttribute').map((r) => `${r.params['VpcId']}:${r.params['Attribute']}`);
    assert.equal(attributes.sort(), [
      `${SMALL_VPC_IDS.main}:enableDnsHostnames`, `${SMALL_VPC_IDS.main}:enableDnsSupport`,
      `${SMALL_VPC_IDS.isolated}:enableDnsHostnames`, `${SMALL_VPC_IDS.isolated}:enableDnsSupport`,
    ].sort());
    // Entries only for the customer list a rule references (not the unused one, not the AWS S3 list).
    const entries = server.requests.filter((r) => r.action === 'GetManagedPrefixListEntries').map((r) => r.params['PrefixListId']);
    assert.equal(entries, ['pl-0c0ffee0c0ffee001']);
  });
});

region('the IAM policy in README.md lists exactly the actions sent', async () => {
  const doc = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /```json\n(\{\n  "Version"[\s\S]*?)\n```/.exec(doc)?.[1];
  assert.ok(block, 'no JSON policy block');
  const policy = JSON.parse(block as string) as { Statement: Array<{ Action: string[] }> };
  const documented = policy.Statement.flatMap((s) => s.Action).sort();
  await withServer({ pageSize: 2 }, async (server) => {
    await read(server);
    const sent = [...new Set(server.requests.map((r) => `ec2:${r.action}`))].sort();
    assert.equal(documented, sent);
  });
});

region('follows NextToken through every page', async () => {
  await withServer({ pageSize: 2 }, async (server) => {
    const fixture = smallVpcDocument();
    const result = await read(server);
    for (const key of ALL_KEYS) assert.equal(result.document[key], fixture[key], key);
    const pages = (action: string) => result.calls.filter((c) => c.action === action).reduce((n, c) => n + c.pages, 0);
    assert.is(pages('DescribeNetworkInterfaces'), 4); // 7 ENIs, 2 per page
    assert.is(pages('DescribeSecurityGroups'), 3); // 5 groups
    assert.is(pages('DescribeInstances'), 2); // 3 reservations
    assert.is(pages('GetManagedPrefixListEntries'), 2); // 3 entries
    const eniRequests = server.requests.filter((r) => r.action === 'DescribeNetworkInterfaces');
    assert.is(eniRequests.length, 4);
    assert.is(eniRequests[0]?.params['NextToken'], undefined);
    assert.ok(eniRequests.slice(1).every((r) => typeof r.params['NextToken'] === 'string'));
    // Paginated calls are still one logical call each.
    assert.is(result.calls.filter((c) => c.action === 'DescribeNetworkInterfaces').length, 1);
  });
});

region('reports progress: calls started/done and pages', async () => {
  await withServer({ pageSize: 2 }, async (server) => {
    const seen: ReadProgress[] = [];
    const result = await read(server, { onProgress: (p) => seen.push(p) });
    const last = seen.at(-1) as ReadProgress;
    assert.is(last.callsStarted, result.calls.length);
    assert.is(last.callsDone, result.calls.length);
    assert.is(last.pagesDone, server.requests.length);
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1] as ReadProgress;
      const b = seen[i] as ReadProgress;
      assert.ok(b.callsDone >= a.callsDone && b.pagesDone >= a.pagesDone && b.callsStarted >= a.callsStarted);
      assert.ok(b.callsDone <= b.callsStarted);
    }
  });
});

region('keeps at most `concurrency` requests in flight', async () => {
  const slow: FaultPlan = {};
  for (const action of ['DescribeVpcs', 'DescribeSubnets', 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeRouteTables', 'DescribeNatGateways']) {
    slow[action] = { kind: 'delay', ms: 40 };
  }
  await withServer({ faults: slow }, async (server) => {
    await read(server, { concurrency: 2 });
    assert.ok(server.peakInFlight() <= 2, `peak in flight ${server.peakInFlight()}`);
    assert.ok(server.peakInFlight() >= 2, 'expected the calls to overlap');
  });
});

region('the number of calls does not grow with instances, except through pagination', async () => {
  const counts = async (instances: number) =>
    withServer({ document: scaledDocument(instances), pageSize: 100 }, async (server) => {
      const result = await read(server);
      assert.is(instanceIds(result.document).length, instances + 1); // + the isolated VPC's instance
      return server.counts();
    });
  const one = await counts(1);
  const many = await counts(450);
  assert.is(one['DescribeInstances'], 1);
  assert.is(many['DescribeInstances'], 5); // 451 reservations, 100 per page
  assert.is(many['DescribeNetworkInterfaces'], 5); // 450 + 5 other ENIs + 1 isolated
  const rest = (c: Record<string, number>) => {
    const { DescribeInstances: _i, DescribeNetworkInterfaces: _n, ...others } = c;
    return others;
  };
  assert.equal(rest(many), rest(one));
});

region.run();

// ---------------------------------------------------------------------------------------------

const scoped = suite('live read: scoped by instance or VPC');

scoped('--instance: DescribeInstances by instance-id, then everything filtered by its VPC', async () => {
  await withServer({}, async (server) => {
    const result = await read(server, { instanceIds: [SMALL_VPC_INSTANCES.app] });
    const doc = result.document;
    const first = server.requests[0];
    assert.is(first?.action, 'DescribeInstances');
    assert.equal(first?.filters, { 'instance-id': [SMALL_VPC_INSTANCES.app] });
    assert.is(server.requests.filter((r) => r.action === 'DescribeInstances').length, 1);

    const vpcFilter: Record<string, string> = {
      DescribeVpcs: 'vpc-id', DescribeSubnets: 'vpc-id', DescribeSecurityGroups: 'vpc-id', DescribeNetworkAcls: 'vpc-id',
      DescribeRouteTables: 'vpc-id', DescribeInternetGateways: 'attachment.vpc-id', DescribeNatGateways: 'vpc-id',
      DescribeVpcEndpoints: 'vpc-id', DescribeNetworkInterfaces: 'vpc-id', DescribeTransitGatewayAttachments: 'resource-id',
    };
    for (const [action, filter] of Object.entries(vpcFilter)) {
      const requests = server.requests.filter((r) => r.action === action);
      assert.is(requests.length, 1, action);
      assert.equal(requests[0]?.filters, { [filter]: [SMALL_VPC_IDS.main] }, action);
    }
    assert.equal(instanceIds(doc), [SMALL_VPC_INSTANCES.app]);
    assert.equal(ids(doc['Vpcs'], 'VpcId'), [SMALL_VPC_IDS.main]);
    assert.equal(ids(doc['VpcAttributes'], 'VpcId'), [SMALL_VPC_IDS.main]);
    assert.is((doc['Subnets'] as Item[]).length, 2);
    assert.ok((doc['SecurityGroups'] as Item[]).every((g) => g['VpcId'] === SMALL_VPC_IDS.main));
    assert.is((doc['VpcEndpoints'] as Item[]).length, 4);
    // DHCP options of that VPC only; the referenced prefix lists only; the NAT's address only.
    assert.equal(server.requests.find((r) => r.action === 'DescribeDhcpOptions')?.filters, { 'dhcp-options-id': ['dopt-0a1b2c3d4e5f60041'] });
    assert.equal(ids(doc['DhcpOptions'], 'DhcpOptionsId'), ['dopt-0a1b2c3d4e5f60041']);
    assert.equal(ids(doc['ManagedPrefixLists'], 'PrefixListId').sort(), ['pl-0c0ffee0c0ffee001', 'pl-63a5400a']);
    assert.equal(ids(doc['Addresses'], 'PublicIp'), ['203.0.113.71']);
    // No transit gateway is attached or routed to: no DescribeTransitGateways call at all.
    assert.is(server.counts()['DescribeTransitGateways'], undefined);
    assert.equal(doc['TransitGateways'], []);
    // Peering is found from either side: two filtered reads.
    const peering = server.requests.filter((r) => r.action === 'DescribeVpcPeeringConnections').map((r) => Object.keys(r.filters)[0]);
    assert.equal(peering.sort(), ['accepter-vpc-info.vpc-id', 'requester-vpc-info.vpc-id']);
    assert.is((doc['VpcPeeringConnections'] as Item[]).length, 1);
  });
});

scoped('--vpc: the isolated VPC only', async () => {
  await withServer({}, async (server) => {
    const { document: doc } = await read(server, { vpcIds: [SMALL_VPC_IDS.isolated] });
    assert.equal(server.requests.find((r) => r.action === 'DescribeInstances')?.filters, { 'vpc-id': [SMALL_VPC_IDS.isolated] });
    assert.equal(instanceIds(doc), [SMALL_VPC_INSTANCES.isolated]);
    assert.equal(ids(doc['Vpcs'], 'VpcId'), [SMALL_VPC_IDS.isolated]);
    assert.equal(doc['InternetGateways'], []);
    assert.equal(doc['NatGateways'], []);
    assert.equal(doc['ManagedPrefixLists'], []); // nothing referenced: the filtered call has no values, no call
    assert.is(server.counts()['DescribeManagedPrefixLists'], undefined);
    assert.is((doc['VpcPeeringConnections'] as Item[]).length, 1); // as the accepter
    assert.equal(doc['Addresses'], []);
  });
});

scoped('an instance that does not exist: an empty scope, nothing else read', async () => {
  await withServer({}, async (server) => {
    const { document: doc, denied } = await read(server, { instanceIds: ['i-0000000000000dead'] });
    assert.equal(denied, []);
    assert.equal(server.counts(), { DescribeInstances: 1 });
    assert.equal(doc['Reservations'], []);
    assert.equal(doc['Vpcs'], []);
  });
});

scoped('more than 200 VPC ids are split into filters of 200 values', async () => {
  await withServer({}, async (server) => {
    const many = Array.from({ length: 250 }, (_, i) => `vpc-0000000000000${String(i).padStart(4, '0')}`);
    const { document: doc } = await read(server, { vpcIds: [SMALL_VPC_IDS.main, ...many] });
    const subnets = server.requests.filter((r) => r.action === 'DescribeSubnets');
    assert.equal(subnets.map((r) => r.filters['vpc-id']?.length), [200, 51]);
    assert.is((doc['Subnets'] as Item[]).length, 2);
  });
});

scoped.run();

// ---------------------------------------------------------------------------------------------

const resilience = suite('live read: throttling, errors, denial, timeouts');

resilience('throttling (RequestLimitExceeded, 503) then success: retried, nothing lost', async () => {
  // The throttle hits the last call of the run: after a throttle the SDK's adaptive mode rations
  // every later request of the client (0.5 request/s at first), which would only slow the test.
  await withServer(
    { faults: { GetManagedPrefixListEntries: [{ kind: 'throttle' }, { kind: 'throttle' }], DescribeSubnets: [{ kind: 'unavailable' }] } },
    async (server) => {
      const fixture = smallVpcDocument();
      const result = await read(server);
      assert.equal(result.denied, []);
      assert.equal(result.document['ManagedPrefixLists'], fixture['ManagedPrefixLists']);
      assert.equal(result.document['Subnets'], fixture['Subnets']);
      const throttled = server.requests.filter((r) => r.action === 'GetManagedPrefixListEntries');
      assert.equal(throttled.map((r) => r.status), [503, 503, 200]);
      assert.equal(throttled.map((r) => r.fault ?? 'ok'), ['throttle', 'throttle', 'ok']);
      assert.equal(server.requests.filter((r) => r.action === 'DescribeSubnets').map((r) => r.status), [503, 200]);
      // Retries are attempts of one call, not new calls.
      assert.equal(result.calls.filter((c) => c.action === 'GetManagedPrefixListEntries'), [{ action: 'GetManagedPrefixListEntries', pages: 1 }]);
      assert.is(result.calls.length, server.requests.length - 3);
    },
  );
});

resilience('a 500 is retried', async () => {
  await withServer({ faults: { DescribeRouteTables: [{ kind: 'internal' }] } }, async (server) => {
    const result = await read(server);
    assert.equal(server.requests.filter((r) => r.action === 'DescribeRouteTables').map((r) => r.status), [500, 200]);
    assert.equal(result.document['RouteTables'], smallVpcDocument()['RouteTables']);
  });
});

resilience('a 500 that persists ends the run with one clear error', async () => {
  await withServer({ faults: { DescribeRouteTables: { kind: 'internal' } } }, async (server) => {
    try {
      await read(server, { maxAttempts: 2 });
      assert.unreachable('expected a LiveReadError');
    } catch (error) {
      assert.instance(error, LiveReadError);
      const e = error as LiveReadError;
      assert.is(e.action, 'DescribeRouteTables');
      assert.is(e.code, 'InternalError');
      assert.match(e.message, /^EC2 DescribeRouteTables failed after 2 attempts: InternalError/);
    }
    assert.is(server.requests.filter((r) => r.action === 'DescribeRouteTables').length, 2);
  });
});

resilience('a denied call does not end the run: its key is missing and names the permission', async () => {
  await withServer({ faults: { DescribeVpcEndpoints: { kind: 'deny' } } }, async (server) => {
    const result = await read(server);
    assert.equal(result.denied, [
      {
        key: 'VpcEndpoints',
        action: 'DescribeVpcEndpoints',
        permission: 'ec2:DescribeVpcEndpoints',
        message:
          'You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/reader is not authorized ' +
          'to perform: ec2:DescribeVpcEndpoints because no identity-based policy allows the ec2:DescribeVpcEndpoints action.',
      },
    ]);
    assert.not.ok('VpcEndpoints' in result.document);
    for (const key of ALL_KEYS.filter((k) => k !== 'VpcEndpoints')) assert.ok(key in result.document, key);
    // A denial is not retried.
    assert.is(server.requests.filter((r) => r.action === 'DescribeVpcEndpoints').length, 1);
  });
});

resilience('denied follow-up calls mark the key they complete', async () => {
  await withServer(
    { faults: { GetManagedPrefixListEntries: { kind: 'deny' }, DescribeVpcAttribute: { kind: 'deny' } } },
    async (server) => {
      const result = await read(server);
      assert.equal(
        result.denied.map((d) => [d.key, d.permission]).sort(),
        [['ManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'], ['VpcAttributes', 'ec2:DescribeVpcAttribute']],
      );
      assert.not.ok('ManagedPrefixLists' in result.document);
      assert.not.ok('VpcAttributes' in result.document);
      assert.ok('Vpcs' in result.document);
    },
  );
});

resilience('DescribeInstances denied for --instance: nothing else to read', async () => {
  await withServer({ faults: { DescribeInstances: { kind: 'deny' } } }, async (server) => {
    const result = await read(server, { instanceIds: [SMALL_VPC_INSTANCES.app] });
    assert.equal(result.denied.map((d) => d.permission), ['ec2:DescribeInstances']);
    assert.not.ok('Reservations' in result.document);
    assert.equal(server.counts(), { DescribeInstances: 1 });
  });
});

resilience('DescribeVpcs denied: VPC attributes still read for the VPCs subnets name', async () => {
  await withServer({ faults: { DescribeVpcs: { kind: 'deny' } } }, async (server) => {
    const result = await read(server);
    assert.equal(result.denied.map((d) => d.key), ['Vpcs']);
    assert.equal(ids(result.document['VpcAttributes'], 'VpcId').sort(), [SMALL_VPC_IDS.main, SMALL_VPC_IDS.isolated].sort());
  });
});

resilience('a response slower than the timeout is abandoned and retried', async () => {
  await withServer({ faults: { DescribeSubnets: [{ kind: 'delay', ms: 2000 }] } }, async (server) => {
    const result = await read(server, { timeoutMs: 200 });
    assert.equal(result.document['Subnets'], smallVpcDocument()['Subnets']);
    assert.equal(server.requests.filter((r) => r.action === 'DescribeSubnets').map((r) => r.fault ?? 'ok'), ['delay', 'ok']);
  });
});

resilience('every attempt too slow: a TimeoutError names the call', async () => {
  await withServer({ faults: { DescribeNatGateways: { kind: 'delay', ms: 2000 } } }, async (server) => {
    try {
      await read(server, { timeoutMs: 200, maxAttempts: 2 });
      assert.unreachable('expected a LiveReadError');
    } catch (error) {
      assert.instance(error, LiveReadError);
      assert.is((error as LiveReadError).action, 'DescribeNatGateways');
      assert.is((error as LiveReadError).code, 'TimeoutError');
    }
    assert.is(server.requests.filter((r) => r.action === 'DescribeNatGateways').length, 2);
  });
});

resilience.run();

// ---------------------------------------------------------------------------------------------

const config = suite('live read: endpoint and credentials configuration');

config('AWS_ENDPOINT_URL_EC2 is honoured when no endpoint is given', async () => {
  await withServer({}, async (server) => {
    process.env['AWS_ENDPOINT_URL_EC2'] = server.url;
    try {
      const result = await readRegion({ region: 'us-east-1', instanceIds: [SMALL_VPC_INSTANCES.web] });
      assert.equal(instanceIds(result.document), [SMALL_VPC_INSTANCES.web]);
      assert.ok(server.requests.length > 0);
    } finally {
      delete process.env['AWS_ENDPOINT_URL_EC2'];
    }
  });
});

config('--profile takes credentials from the shared files', async () => {
  const dir = profileFiles('audit', 'AKIDPROFILEAUDIT0001');
  const saved = { ...process.env };
  process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
  delete process.env['AWS_ACCESS_KEY_ID'];
  delete process.env['AWS_SECRET_ACCESS_KEY'];
  try {
    await withServer({}, async (server) => {
      await read(server, { profile: 'audit', instanceIds: [SMALL_VPC_INSTANCES.app] });
      assert.ok(server.requests.length > 0);
      assert.ok(server.requests.every((r) => r.accessKeyId === 'AKIDPROFILEAUDIT0001'));
    });
  } finally {
    Object.assign(process.env, saved);
  }
});

config.run();
