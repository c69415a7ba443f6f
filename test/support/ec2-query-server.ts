// A real EC2 Query-protocol server on loopback for tests and benchmarks.
//
// It accepts the SDK's signed, form-encoded POSTs (`Action=DescribeVpcs&Version=2016-11-15&
// Filter.1.Name=vpc-id&Filter.1.Value.1=…`), answers from a snapshot-format document (DESIGN.md §2)
// with XML whose wire names come from the SDK's own schemas (ec2-xml.ts), pages with MaxResults /
// NextToken, and plays scripted faults per action: throttling, 5xx, denial, slow responses. Every
// request is recorded. It only ever listens on 127.0.0.1 and refuses non-loopback peers.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorXml, responseXml } from './ec2-xml.ts';

export type Ec2Fault =
  /** 503 RequestLimitExceeded, what EC2 sends when an account is throttled. */
  | { kind: 'throttle' }
  /** 503 Unavailable. */
  | { kind: 'unavailable' }
  /** 500 InternalError. */
  | { kind: 'internal' }
  /** 403 UnauthorizedOperation naming `ec2:<Action>`. */
  | { kind: 'deny' }
  /** Answer normally, but only after `ms` milliseconds. */
  | { kind: 'delay'; ms: number }
  /** Any other error response. */
  | { kind: 'error'; status: number; code: string; message?: string };

/**
 * Faults per action. An array is consumed one entry per request, in order, then requests succeed;
 * a single fault applies to every request of that action.
 */
export type FaultPlan = Record<string, Ec2Fault | Ec2Fault[]>;

export interface RecordedRequest {
  action: string;
  /** The decoded form parameters, `Action` and `Version` included. */
  params: Record<string, string>;
  /** The filters of the request, by name (`{"vpc-id": ["vpc-…"]}`). */
  filters: Record<string, string[]>;
  /** Whether the request carried a SigV4 Authorization header. */
  signed: boolean;
  /** The access key id named in that header's Credential. */
  accessKeyId?: string;
  /** The fault played, if any. */
  fault?: Ec2Fault['kind'];
  status: number;
}

export interface Ec2QueryServerOptions {
  /** The snapshot-format document to serve. */
  document: Record<string, unknown>;
  /** Largest page the server returns (default 1000); MaxResults can ask for less. */
  pageSize?: number;
  faults?: FaultPlan;
}

export interface Ec2QueryServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replace the fault plan (consumed entries start afresh). */
  setFaults(plan: FaultPlan): void;
  /** Forget the recorded requests. */
  reset(): void;
  /** Count of recorded requests per action. */
  counts(): Record<string, number>;
  /** The most requests that were ever open at once (received, not yet answered). */
  peakInFlight(): number;
  close(): Promise<void>;
}

type Item = Record<string, unknown>;
type Extract = (item: Item) => unknown[];

interface ListAction {
  /** Top-level document key holding the items. */
  key: string;
  /** Output member holding the page of items. */
  member: string;
  /** Filter names supported, each mapping an item to the values it is matched on. */
  filters: Record<string, Extract>;
  paginated?: boolean;
  /** Strip members that are ours rather than the API's (e.g. `Entries` on managed prefix lists). */
  strip?: string[];
}

const path = (...steps: string[]): Extract => (item) => {
  let current: unknown[] = [item];
  for (const step of steps) {
    current = current.flatMap((value) => {
      if (value === null || typeof value !== 'object') return [];
      const next = (value as Item)[step];
      return Array.isArray(next) ? next : next === undefined ? [] : [next];
    });
  }
  return current;
};

const LIST_ACTIONS: Record<string, ListAction> = {
  DescribeVpcs: { key: 'Vpcs', member: 'Vpcs', filters: { 'vpc-id': path('VpcId'), 'dhcp-options-id': path('DhcpOptionsId') } },
  DescribeSubnets: { key: 'Subnets', member: 'Subnets', filters: { 'vpc-id': path('VpcId'), 'subnet-id': path('SubnetId') } },
  DescribeSecurityGroups: { key: 'SecurityGroups', member: 'SecurityGroups', filters: { 'vpc-id': path('VpcId'), 'group-id': path('GroupId') } },
  DescribeNetworkAcls: { key: 'NetworkAcls', member: 'NetworkAcls', filters: { 'vpc-id': path('VpcId'), 'network-acl-id': path('NetworkAclId') } },
  DescribeRouteTables: { key: 'RouteTables', member: 'RouteTables', filters: { 'vpc-id': path('VpcId'), 'route-table-id': path('RouteTableId') } },
  DescribeInternetGateways: {
    key: 'InternetGateways',
    member: 'InternetGateways',
    filters: { 'attachment.vpc-id': path('Attachments', 'VpcId'), 'internet-gateway-id': path('InternetGatewayId') },
  },
  DescribeEgressOnlyInternetGateways: { key: 'EgressOnlyInternetGateways', member: 'EgressOnlyInternetGateways', filters: {} },
  DescribeNatGateways: { key: 'NatGateways', member: 'NatGateways', filters: { 'vpc-id': path('VpcId'), 'subnet-id': path('SubnetId') } },
  DescribeVpcEndpoints: { key: 'VpcEndpoints', member: 'VpcEndpoints', filters: { 'vpc-id': path('VpcId'), 'service-name': path('ServiceName') } },
  DescribeNetworkInterfaces: {
    key: 'NetworkInterfaces',
    member: 'NetworkInterfaces',
    filters: { 'vpc-id': path('VpcId'), 'subnet-id': path('SubnetId'), 'network-interface-id': path('NetworkInterfaceId') },
  },
  DescribePrefixLists: { key: 'PrefixLists', member: 'PrefixLists', filters: { 'prefix-list-id': path('PrefixListId') } },
  DescribeManagedPrefixLists: {
    key: 'ManagedPrefixLists',
    member: 'PrefixLists',
    filters: { 'prefix-list-id': path('PrefixListId'), 'owner-id': path('OwnerId') },
    strip: ['Entries'],
  },
  DescribeDhcpOptions: { key: 'DhcpOptions', member: 'DhcpOptions', filters: { 'dhcp-options-id': path('DhcpOptionsId') } },
  DescribeVpcPeeringConnections: {
    key: 'VpcPeeringConnections',
    member: 'VpcPeeringConnections',
    filters: {
      'requester-vpc-info.vpc-id': path('RequesterVpcInfo', 'VpcId'),
      'accepter-vpc-info.vpc-id': path('AccepterVpcInfo', 'VpcId'),
      'vpc-peering-connection-id': path('VpcPeeringConnectionId'),
    },
  },
  DescribeTransitGateways: { key: 'TransitGateways', member: 'TransitGateways', filters: { 'transit-gateway-id': path('TransitGatewayId') } },
  DescribeTransitGatewayAttachments: {
    key: 'TransitGatewayAttachments',
    member: 'TransitGatewayAttachments',
    filters: { 'resource-id': path('ResourceId'), 'transit-gateway-id': path('TransitGatewayId'), 'resource-type': path('ResourceType') },
  },
  DescribeAddresses: {
    key: 'Addresses',
    member: 'Addresses',
    filters: { 'network-interface-id': path('NetworkInterfaceId'), 'instance-id': path('InstanceId'), domain: path('Domain') },
    paginated: false,
  },
};

/** Filters of DescribeInstances apply to instances; reservations left empty are dropped. */
const INSTANCE_FILTERS: Record<string, Extract> = {
  'instance-id': path('InstanceId'),
  'vpc-id': path('VpcId'),
  'subnet-id': path('SubnetId'),
  'instance-state-name': path('State', 'Name'),
};

class Fault extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function startEc2QueryServer(options: Ec2QueryServerOptions): Promise<Ec2QueryServer> {
  const document = options.document;
  const pageSize = options.pageSize ?? 1000;
  let plan: FaultPlan = { ...(options.faults ?? {}) };
  let consumed = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let sequence = 0;
  let inFlight = 0;
  let peak = 0;

  const nextFault = (action: string): Ec2Fault | undefined => {
    const entry = plan[action];
    if (entry === undefined) return undefined;
    if (!Array.isArray(entry)) return entry;
    const used = consumed.get(action) ?? 0;
    if (used >= entry.length) return undefined;
    consumed.set(action, used + 1);
    return entry[used];
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const requestId = `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;
    const form = new URLSearchParams(body);
    const params: Record<string, string> = {};
    for (const [k, v] of form) params[k] = v;
    const action = params['Action'] ?? '';
    const authorization = String(req.headers['authorization'] ?? '');
    const record: RecordedRequest = {
      action,
      params,
      filters: parseFilters(params),
      signed: /^AWS4-HMAC-SHA256 /.test(authorization),
      status: 200,
    };
    const credential = /Credential=([^/,\s]+)\//.exec(authorization);
    if (credential?.[1]) record.accessKeyId = credential[1];
    requests.push(record);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    let open = true;
    const done = (): void => {
      if (open) inFlight -= 1;
      open = false;
    };
    res.once('close', done);

    const send = (status: number, xml: string): void => {
      record.status = status;
      done();
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId });
      res.end(xml);
    };
    const sendError = (status: number, code: string, message: string): void => send(status, errorXml(code, message, requestId));

    if (req.method !== 'POST') return sendError(400, 'InvalidAction', 'The EC2 Query API takes POST requests.');
    const fault = action ? nextFault(action) : undefined;
    if (fault) record.fault = fault.kind;
    switch (fault?.kind) {
      case 'throttle':
        return sendError(503, 'RequestLimitExceeded', 'Request limit exceeded.');
      case 'unavailable':
        return sendError(503, 'Unavailable', 'The service is unavailable. Please try again shortly.');
      case 'internal':
        return sendError(500, 'InternalError', 'An internal error has occurred.');
      case 'deny':
        return sendError(
          403,
          'UnauthorizedOperation',
          `You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/reader is not authorized ` +
            `to perform: ec2:${action} because no identity-based policy allows the ec2:${action} action. ` +
            `Encoded authorization failure message: AbCdEf0123456789`,
        );
      case 'error':
        return sendError(fault.status, fault.code, fault.message ?? `${fault.code}.`);
      default:
        break;
    }
    const answer = (): void => {
      try {
        send(200, responseXml(action, respond(action, params, record.filters), requestId));
      } catch (error) {
        if (error instanceof Fault) sendError(error.status, error.code, error.message);
        else sendError(500, 'InternalError', error instanceof Error ? error.message : String(error));
      }
    };
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, fault.ms);
      timers.add(timer);
    } else {
      answer();
    }
  };

  const respond = (action: string, params: Record<string, string>, filters: Record<string, string[]>): Item => {
    if (action === 'DescribeInstances') {
      checkFilters(filters, INSTANCE_FILTERS);
      const reservations = items(document, 'Reservations').flatMap((reservation) => {
        const instances = (Array.isArray(reservation['Instances']) ? (reservation['Instances'] as Item[]) : []).filter((i) =>
          matches(i, filters, INSTANCE_FILTERS));
        return instances.length ? [{ ...reservation, Instances: instances }] : [];
      });
      return page(reservations, 'Reservations', params, pageSize);
    }
    if (action === 'DescribeVpcAttribute') return vpcAttribute(document, params);
    if (action === 'GetManagedPrefixListEntries') {
      const id = params['PrefixListId'];
      const list = items(document, 'ManagedPrefixLists').find((l) => l['PrefixListId'] === id);
      if (!list) throw new Fault(400, 'InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
      const entries = Array.isArray(list['Entries']) ? (list['Entries'] as Item[]) : [];
      return page(entries, 'Entries', params, Math.min(pageSize, 100));
    }
    const spec = LIST_ACTIONS[action];
    if (!spec) {
      throw new Fault(400, 'InvalidAction', `The action ${action} is not valid for this web service (this test server).`);
    }
    checkFilters(filters, spec.filters);
    let list = items(document, spec.key).filter((item) => matches(item, filters, spec.filters));
    if (spec.strip) list = list.map((item) => omit(item, spec.strip as string[]));
    if (spec.paginated === false) return { [spec.member]: list };
    return page(list, spec.member, params, pageSize);
  };

  const server: Server = createServer((req, res) => {
    const peer = req.socket.remoteAddress ?? '';
    if (!isLoopback(peer)) {
      res.writeHead(403).end();
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setFaults(next) {
      plan = { ...next };
      consumed = new Map();
    },
    reset() {
      requests.length = 0;
      peak = inFlight;
    },
    peakInFlight() {
      return peak;
    },
    counts() {
      const counts: Record<string, number> = {};
      for (const r of requests) counts[r.action] = (counts[r.action] ?? 0) + 1;
      return counts;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function items(document: Record<string, unknown>, key: string): Item[] {
  const value = document[key];
  return Array.isArray(value) ? (value as Item[]) : [];
}

function omit(item: Item, keys: string[]): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** `Filter.1.Name=vpc-id&Filter.1.Value.1=a&Filter.1.Value.2=b` → `{"vpc-id": ["a", "b"]}`. */
export function parseFilters(params: Record<string, string>): Record<string, string[]> {
  const byIndex = new Map<string, { name?: string; values: Array<[number, string]> }>();
  for (const [key, value] of Object.entries(params)) {
    const m = /^Filter\.(\d+)\.(Name|Value\.(\d+))$/.exec(key);
    if (!m) continue;
    const index = m[1] as string;
    let entry = byIndex.get(index);
    if (!entry) {
      entry = { values: [] };
      byIndex.set(index, entry);
    }
    if (m[2] === 'Name') entry.name = value;
    else entry.values.push([Number(m[3]), value]);
  }
  const filters: Record<string, string[]> = {};
  for (const entry of byIndex.values()) {
    if (entry.name === undefined) continue;
    const values = entry.values.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    filters[entry.name] = [...(filters[entry.name] ?? []), ...values];
  }
  return filters;
}

function checkFilters(filters: Record<string, string[]>, supported: Record<string, Extract>): void {
  for (const [name, values] of Object.entries(filters)) {
    if (!(name in supported)) throw new Fault(400, 'InvalidParameterValue', `The filter '${name}' is invalid`);
    if (values.length > 200) throw new Fault(400, 'FilterLimitExceeded', `The filter '${name}' has more than 200 values`);
  }
}

function matches(item: Item, filters: Record<string, string[]>, supported: Record<string, Extract>): boolean {
  for (const [name, values] of Object.entries(filters)) {
    const extract = supported[name];
    if (!extract) return false;
    const have = extract(item).map(String);
    if (!values.some((v) => have.includes(v))) return false;
  }
  return true;
}

function page(list: Item[], member: string, params: Record<string, string>, limit: number): Item {
  let size = limit;
  if (params['MaxResults'] !== undefined) {
    const asked = Number(params['MaxResults']);
    if (!Number.isInteger(asked) || asked < 5 || asked > 1000) {
      throw new Fault(400, 'InvalidParameterValue', `Value (${params['MaxResults']}) for parameter maxResults is invalid.`);
    }
    size = Math.min(size, asked);
  }
  let offset = 0;
  const token = params['NextToken'];
  if (token) {
    const m = /^page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m) throw new Fault(400, 'InvalidNextToken', 'The token is invalid.');
    offset = Number(m[1]);
  }
  const slice = list.slice(offset, offset + size);
  const next = offset + size < list.length ? Buffer.from(`page:${offset + size}`).toString('base64url') : undefined;
  return next === undefined ? { [member]: slice } : { [member]: slice, NextToken: next };
}

function vpcAttribute(document: Record<string, unknown>, params: Record<string, string>): Item {
  const vpcId = params['VpcId'];
  const attribute = params['Attribute'];
  const vpc = items(document, 'Vpcs').find((v) => v['VpcId'] === vpcId);
  if (!vpc) throw new Fault(400, 'InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  const row = items(document, 'VpcAttributes').find((a) => a['VpcId'] === vpcId) ?? {};
  const member = attribute === 'enableDnsSupport' ? 'EnableDnsSupport' : attribute === 'enableDnsHostnames' ? 'EnableDnsHostnames' : undefined;
  if (!member) throw new Fault(400, 'InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid.`);
  // AWS defaults when the fixture does not say: DNS support on; hostnames on only in a default VPC.
  const fallback = member === 'EnableDnsSupport' ? true : vpc['IsDefault'] === true;
  return { VpcId: vpcId, [member]: row[member] ?? { Value: fallback } };
}
