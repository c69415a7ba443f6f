// Read one region of a live account into the snapshot format (DESIGN.md §2), read-only.
//
// This is the only module that imports the AWS SDK at run time; everything else uses
// `import type`, and the CLI loads this file with a dynamic import() so offline runs never load it.
//
// What is read, and how many calls that takes:
//  - with `instanceIds`: DescribeInstances filtered by instance-id; the VPCs of the instances
//    found (plus any `vpcIds`) become the scope;
//  - with `vpcIds` only: the scope is those VPCs; without either: the whole region;
//  - every VPC-scoped Describe call filters on the scope's VPC ids (200 values per filter, so
//    one call per 200 VPCs); pagination follows NextToken; region-wide lists that have no VPC
//    filter (AWS prefix lists, egress-only gateways, addresses) are one call each;
//  - DescribeVpcAttribute twice per VPC (DNS support, DNS hostnames: one attribute per call);
//  - DescribeDhcpOptions for the VPCs' option sets; DescribeTransitGateways for the gateways the
//    scope's attachments and routes use; DescribeManagedPrefixLists for the lists its security
//    group rules and routes reference, and GetManagedPrefixListEntries for each of those whose
//    CIDRs DescribePrefixLists does not already give.
// The number of calls therefore grows with VPCs and referenced prefix lists, and with instances
// only through pagination.
//
// Only Describe*/Get* actions are ever sent. A denied call (UnauthorizedOperation, AccessDenied)
// does not end the run: its key is left out of the document and reported in `denied`. Any other
// failure after the SDK's retries (adaptive mode: throttling and 5xx back off) ends the run with a
// LiveReadError.

import {
  DescribeAddressesCommand,
  DescribeDhcpOptionsCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import type {
  Address,
  EgressOnlyInternetGateway,
  Filter,
  ManagedPrefixList,
  NetworkInterface,
  PrefixList,
  PrefixListEntry,
  Reservation,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGatewayAttachment,
  Vpc,
  VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import { setMaxListeners } from 'node:events';
import { Limiter } from './limiter.ts';
import { LiveReadError } from './live-read-error.ts';
import { SNAPSHOT_KEYS } from '../raw-snapshot.ts';
import type { SnapshotKey } from '../raw-snapshot.ts';

export interface ReadRegionOptions {
  region: string;
  /** A named profile of the shared config/credentials files; otherwise the SDK's default chain. */
  profile?: string;
  /** Endpoint URL of the EC2 API (tests, private API endpoints); `AWS_ENDPOINT_URL_EC2` also works. */
  endpointUrl?: string;
  instanceIds?: string[];
  vpcIds?: string[];
  /** Time limit of each HTTP attempt, in ms (default 30 000). */
  timeoutMs?: number;
  /** Attempts per call including the first, for the SDK's adaptive retry (default 5). */
  maxAttempts?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  onProgress?: (progress: ReadProgress) => void;
}

export interface ReadProgress {
  callsDone: number;
  pagesDone: number;
  callsStarted: number;
}

export interface DeniedRead {
  /** Top-level snapshot key whose data is missing (`VpcEndpoints`). */
  key: string;
  /** The EC2 action that was refused (`DescribeVpcEndpoints`). */
  action: string;
  /** The IAM permission that would allow it (`ec2:DescribeVpcEndpoints`). */
  permission: string;
  /** The service's message, without the encoded authorization blob. */
  message: string;
}

export interface CallRecord {
  action: string;
  pages: number;
}

export interface LiveReadResult {
  /** The snapshot-format object, `Region` included; denied keys are left out. */
  document: Record<string, unknown>;
  denied: DeniedRead[];
  /** Every logical call in the order it started (a paginated call is one entry). */
  calls: CallRecord[];
}

/** Filter values per request: EC2 accepts at most 200 values in one filter. */
export const FILTER_VALUES_PER_CALL = 200;

const DENIED_CODES: ReadonlySet<string> = new Set([
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedAccess',
]);

/** Keys the reader produces: every snapshot key but the transit-gateway details it does not read. */
type DocumentKey = Exclude<SnapshotKey, 'TransitGatewayVpcAttachments' | 'TransitGatewayRouteTables'>;
const NOT_READ: ReadonlySet<SnapshotKey> = new Set(['TransitGatewayVpcAttachments', 'TransitGatewayRouteTables']);
const DOCUMENT_KEYS = SNAPSHOT_KEYS.filter((key): key is DocumentKey => !NOT_READ.has(key));


type SendOptions = { abortSignal: AbortSignal };

/** A failed call, remembering which action it was. */
class CallFailure extends Error {
  readonly action: string;
  readonly code: string;
  readonly attempts: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(action: string, error: unknown) {
    const e = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { attempts?: number; httpStatusCode?: number } };
    super(typeof e.message === 'string' ? e.message : String(error));
    this.action = action;
    // Service errors are named after their code; network errors are plain Errors with a `code`.
    const name = typeof e.name === 'string' ? e.name : 'Error';
    this.code = name === 'Error' && typeof e.code === 'string' ? e.code : name;
    this.attempts = e.$metadata?.attempts;
    this.httpStatus = e.$metadata?.httpStatusCode;
  }

  get denied(): boolean {
    return DENIED_CODES.has(this.code);
  }

  get notFound(): boolean {
    return this.code.endsWith('.NotFound');
  }
}

export async function readRegion(options: ReadRegionOptions): Promise<LiveReadResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new EC2Client({
    region: options.region,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpointUrl !== undefined ? { endpoint: options.endpointUrl } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 5,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true },
  });
  try {
    return await new RegionReader(client, options).run();
  } finally {
    client.destroy();
  }
}

class RegionReader {
  private readonly limiter: Limiter;
  private readonly abort = new AbortController();
  private readonly calls: CallRecord[] = [];
  private readonly denied = new Map<DocumentKey, DeniedRead>();
  private readonly progress: ReadProgress = { callsDone: 0, pagesDone: 0, callsStarted: 0 };
  private fatal: LiveReadError | undefined;
  private readonly client: EC2Client;
  private readonly options: ReadRegionOptions;

  constructor(client: EC2Client, options: ReadRegionOptions) {
    this.client = client;
    this.options = options;
    this.limiter = new Limiter(options.concurrency ?? 8);
    // Every request in flight (and each retry wait) listens on the one shared signal.
    setMaxListeners(10_000, this.abort.signal);
  }

  async run(): Promise<LiveReadResult> {
    const results = new Map<DocumentKey, unknown[]>();
    const keep = <T>(key: DocumentKey, items: T[] | undefined): T[] | undefined => {
      if (items !== undefined) results.set(key, items);
      return items;
    };

    // 1. The scope: given VPCs, the VPCs of the given instances, or the whole region (undefined).
    let scope: string[] | undefined = this.options.vpcIds?.length ? unique(this.options.vpcIds) : undefined;
    let reservations: Promise<Reservation[] | undefined>;
    const instanceIds = this.options.instanceIds?.length ? unique(this.options.instanceIds) : undefined;
    if (instanceIds) {
      const found = keep('Reservations', await this.reservations('instance-id', instanceIds));
      scope = unique([...(scope ?? []), ...vpcIdsOfReservations(found ?? [])]);
      reservations = Promise.resolve(found);
    } else {
      reservations = this.reservations('vpc-id', scope).then((r) => keep('Reservations', r));
    }

    // 2. Everything that depends only on the scope, in parallel (bounded by the limiter).
    const vpcs = this.scoped('Vpcs', 'DescribeVpcs', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeVpcsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.Vpcs).then((r) => keep('Vpcs', r));
    const subnets = this.scoped('Subnets', 'DescribeSubnets', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeSubnetsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.Subnets).then((r) => keep('Subnets', r));
    const securityGroups = this.scoped('SecurityGroups', 'DescribeSecurityGroups', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeSecurityGroupsCommand({ Filters: input.Filters, NextToken: input.NextToken, MaxResults: 1000 }), o), (p) => p.SecurityGroups,
    ).then((r) => keep('SecurityGroups', r));
    const networkAcls = this.scoped('NetworkAcls', 'DescribeNetworkAcls', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeNetworkAclsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.NetworkAcls).then((r) => keep('NetworkAcls', r));
    const routeTables = this.scoped('RouteTables', 'DescribeRouteTables', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeRouteTablesCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.RouteTables).then((r) => keep('RouteTables', r));
    const internetGateways = this.scoped('InternetGateways', 'DescribeInternetGateways', scope, 'attachment.vpc-id',
      (input, o) => this.client.send(new DescribeInternetGatewaysCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.InternetGateways,
    ).then((r) => keep('InternetGateways', r));
    const natGateways = this.scoped('NatGateways', 'DescribeNatGateways', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeNatGatewaysCommand({ Filter: input.Filters, NextToken: input.NextToken }), o), (p) => p.NatGateways).then((r) => keep('NatGateways', r));
    const vpcEndpoints = this.scoped('VpcEndpoints', 'DescribeVpcEndpoints', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeVpcEndpointsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.VpcEndpoints).then((r) => keep('VpcEndpoints', r));
    const networkInterfaces = this.scoped('NetworkInterfaces', 'DescribeNetworkInterfaces', scope, 'vpc-id', (input, o) =>
      this.client.send(new DescribeNetworkInterfacesCommand({ Filters: input.Filters, NextToken: input.NextToken, MaxResults: 1000 }), o), (p) => p.NetworkInterfaces,
    ).then((r) => keep('NetworkInterfaces', r));
    const transitGatewayAttachments = this.scoped('TransitGatewayAttachments', 'DescribeTransitGatewayAttachments', scope,
      'resource-id', (input, o) => this.client.send(new DescribeTransitGatewayAttachmentsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o),
      (p) => p.TransitGatewayAttachments,
    ).then((r) => keep('TransitGatewayAttachments', r));
    const peerings = this.peerings(scope).then((r) => keep('VpcPeeringConnections', r));
    // Region-wide lists without a VPC filter: one (paginated) call each, pruned to the scope.
    const prefixLists = this.regionWide('PrefixLists', 'DescribePrefixLists', scope, (input, o) =>
      this.client.send(new DescribePrefixListsCommand({ NextToken: input.NextToken }), o), (p) => p.PrefixLists).then((r) => keep('PrefixLists', r));
    const egressOnly = this.regionWide('EgressOnlyInternetGateways', 'DescribeEgressOnlyInternetGateways', scope,
      (input, o) => this.client.send(new DescribeEgressOnlyInternetGatewaysCommand({ NextToken: input.NextToken }), o),
      (p) => p.EgressOnlyInternetGateways,
    ).then((r) => keep('EgressOnlyInternetGateways', r && scope ? r.filter((g) => attachedTo(g, scope)) : r));
    const addresses = this.addresses(scope);

    // 3. What depends on other reads.
    const vpcAttributes = vpcs.then(async (v) =>
      keep('VpcAttributes', await this.vpcAttributes(v, scope, await subnets, await reservations)),
    );
    const dhcpOptions = vpcs.then(async (v) => keep('DhcpOptions', await this.dhcpOptions(v, scope)));
    const transitGateways = Promise.all([transitGatewayAttachments, routeTables]).then(async ([attachments, tables]) =>
      keep('TransitGateways', await this.transitGateways(scope, attachments, tables)),
    );
    const managedPrefixLists = Promise.all([securityGroups, routeTables, prefixLists]).then(async ([groups, tables, aws]) =>
      keep('ManagedPrefixLists', await this.managedPrefixLists(scope, groups, tables, aws)),
    );
    const prunedAddresses = Promise.all([addresses, networkInterfaces, reservations]).then(([list, enis, res]) =>
      keep('Addresses', list && scope ? pruneAddresses(list, enis, res) : list),
    );

    await Promise.all([
      reservations, vpcs, subnets, securityGroups, networkAcls, routeTables, internetGateways, natGateways,
      vpcEndpoints, networkInterfaces, transitGatewayAttachments, peerings, prefixLists, egressOnly,
      vpcAttributes, dhcpOptions, transitGateways, managedPrefixLists, prunedAddresses,
    ]);
    if (this.fatal) throw this.fatal;

    const document: Record<string, unknown> = { Region: this.options.region };
    for (const key of DOCUMENT_KEYS) {
      const items = results.get(key);
      if (items !== undefined && !this.denied.has(key)) document[key] = toPlain(items);
    }
    return { document, denied: [...this.denied.values()], calls: this.calls };
  }

  // ---- the calls -------------------------------------------------------------------------

  private reservations(filterName: 'instance-id' | 'vpc-id', values: string[] | undefined): Promise<Reservation[] | undefined> {
    return this.scoped('Reservations', 'DescribeInstances', values, filterName, (input, o) =>
      this.client.send(new DescribeInstancesCommand({ Filters: input.Filters, NextToken: input.NextToken, MaxResults: 1000 }), o), (p) => p.Reservations);
  }

  private peerings(scope: string[] | undefined): Promise<VpcPeeringConnection[] | undefined> {
    const send = (input: { Filters?: Filter[]; NextToken?: string | undefined }, o: SendOptions) =>
      this.client.send(new DescribeVpcPeeringConnectionsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o);
    if (!scope) {
      return this.collect('VpcPeeringConnections', () =>
        this.paginate('DescribeVpcPeeringConnections', (t, o) => send({ NextToken: t }, o), (p) => p.VpcPeeringConnections));
    }
    // Filters of different names are ANDed, so requester side and accepter side are two reads.
    return this.collect('VpcPeeringConnections', async () => {
      const sides = await Promise.all(
        ['requester-vpc-info.vpc-id', 'accepter-vpc-info.vpc-id'].flatMap((name) =>
          chunks(scope, FILTER_VALUES_PER_CALL).map((values) =>
            this.paginate('DescribeVpcPeeringConnections', (t, o) => send({ Filters: [{ Name: name, Values: values }], NextToken: t }, o),
              (p) => p.VpcPeeringConnections))),
      );
      return uniqueBy(sides.flat(), (p) => p.VpcPeeringConnectionId);
    });
  }

  private addresses(scope: string[] | undefined): Promise<Address[] | undefined> {
    if (scope && scope.length === 0) return Promise.resolve([]);
    return this.collect('Addresses', async () => {
      const output = await this.single('DescribeAddresses', (o) => this.client.send(new DescribeAddressesCommand({}), o));
      return output.Addresses ?? [];
    });
  }

  private async vpcAttributes(
    vpcs: Vpc[] | undefined,
    scope: string[] | undefined,
    subnets: Subnet[] | undefined,
    reservations: Reservation[] | undefined,
  ): Promise<unknown[] | undefined> {
    // The VPCs read; if DescribeVpcs was denied, the scope or the VPCs that subnets and instances name.
    const ids = vpcs
      ? unique(vpcs.flatMap((v) => (v.VpcId ? [v.VpcId] : [])))
      : scope ?? unique([...(subnets ?? []).flatMap((s) => (s.VpcId ? [s.VpcId] : [])), ...vpcIdsOfReservations(reservations ?? [])]);
    return this.collect('VpcAttributes', async () => {
      const attribute = async (vpcId: string, name: 'enableDnsSupport' | 'enableDnsHostnames') => {
        try {
          return await this.single('DescribeVpcAttribute', (o) =>
            this.client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: name }), o));
        } catch (error) {
          if (error instanceof CallFailure && error.notFound) return undefined; // deleted meanwhile
          throw error;
        }
      };
      const rows = await Promise.all(
        ids.map(async (vpcId) => {
          const [support, hostnames] = await Promise.all([attribute(vpcId, 'enableDnsSupport'), attribute(vpcId, 'enableDnsHostnames')]);
          if (!support?.EnableDnsSupport || !hostnames?.EnableDnsHostnames) return undefined;
          return { VpcId: vpcId, EnableDnsSupport: support.EnableDnsSupport, EnableDnsHostnames: hostnames.EnableDnsHostnames };
        }),
      );
      return rows.filter((row) => row !== undefined);
    });
  }

  private dhcpOptions(vpcs: Vpc[] | undefined, scope: string[] | undefined): Promise<unknown[] | undefined> {
    // Scoped and the VPCs known: just their option sets ("default" means none). Otherwise all of them.
    const ids = scope && vpcs ? unique(vpcs.flatMap((v) => (v.DhcpOptionsId && v.DhcpOptionsId !== 'default' ? [v.DhcpOptionsId] : []))) : undefined;
    return this.scoped('DhcpOptions', 'DescribeDhcpOptions', ids, 'dhcp-options-id', (input, o) =>
      this.client.send(new DescribeDhcpOptionsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.DhcpOptions);
  }

  private transitGateways(
    scope: string[] | undefined,
    attachments: TransitGatewayAttachment[] | undefined,
    routeTables: RouteTable[] | undefined,
  ): Promise<unknown[] | undefined> {
    const ids = scope
      ? unique([
          ...(attachments ?? []).flatMap((a) => (a.TransitGatewayId ? [a.TransitGatewayId] : [])),
          ...(routeTables ?? []).flatMap((t) => (t.Routes ?? []).flatMap((r) => (r.TransitGatewayId ? [r.TransitGatewayId] : []))),
        ])
      : undefined;
    return this.scoped('TransitGateways', 'DescribeTransitGateways', ids, 'transit-gateway-id', (input, o) =>
      this.client.send(new DescribeTransitGatewaysCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.TransitGateways);
  }

  private async managedPrefixLists(
    scope: string[] | undefined,
    groups: SecurityGroup[] | undefined,
    tables: RouteTable[] | undefined,
    awsLists: PrefixList[] | undefined,
  ): Promise<unknown[] | undefined> {
    const referenced = new Set(referencedPrefixLists(groups ?? [], tables ?? []));
    // Scoped: just the referenced lists (all of them if the rules or routes could not be read).
    const only = scope && groups && tables ? [...referenced] : undefined;
    const lists = await this.scoped('ManagedPrefixLists', 'DescribeManagedPrefixLists', only,
      'prefix-list-id', (input, o) => this.client.send(new DescribeManagedPrefixListsCommand({ Filters: input.Filters, NextToken: input.NextToken }), o), (p) => p.PrefixLists);
    if (!lists) return undefined;
    // Entries for the referenced lists whose CIDRs DescribePrefixLists does not already give.
    const known = new Set((awsLists ?? []).flatMap((p) => (p.PrefixListId && p.Cidrs ? [p.PrefixListId] : [])));
    const wanted = lists.filter((l) => l.PrefixListId && referenced.has(l.PrefixListId) && !known.has(l.PrefixListId));
    return this.collect('ManagedPrefixLists', async () => {
      const entries = new Map<string, PrefixListEntry[]>();
      await Promise.all(
        wanted.map(async (list) => {
          const id = list.PrefixListId as string;
          try {
            entries.set(id, await this.paginate('GetManagedPrefixListEntries', (t, o) =>
              this.client.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, NextToken: t }), o), (p) => p.Entries));
          } catch (error) {
            if (!(error instanceof CallFailure && error.notFound)) throw error;
          }
        }),
      );
      return lists.map((list: ManagedPrefixList) => {
        const listEntries = list.PrefixListId ? entries.get(list.PrefixListId) : undefined;
        return listEntries ? { ...list, Entries: listEntries } : list;
      });
    });
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /**
   * A list read filtered on `filterName` ∈ `values` (one paginated call per 200 values), or the
   * whole region when `values` is undefined. An empty `values` list reads nothing.
   */
  private scoped<O extends { NextToken?: string | undefined }, T>(
    key: DocumentKey,
    action: string,
    values: string[] | undefined,
    filterName: string,
    send: (input: { Filters?: Filter[]; NextToken?: string | undefined }, options: SendOptions) => Promise<O>,
    pick: (page: O) => T[] | undefined,
  ): Promise<T[] | undefined> {
    return this.collect(key, async () => {
      if (values === undefined) {
        return this.paginate(action, (t, o) => send({ NextToken: t }, o), pick);
      }
      const parts = await Promise.all(
        chunks(values, FILTER_VALUES_PER_CALL).map((chunk) =>
          this.paginate(action, (t, o) => send({ Filters: [{ Name: filterName, Values: chunk }], NextToken: t }, o), pick)),
      );
      return parts.flat();
    });
  }

  /** A list that has no VPC filter: read once for the region (nothing when the scope is empty). */
  private regionWide<O extends { NextToken?: string | undefined }, T>(
    key: DocumentKey,
    action: string,
    scope: string[] | undefined,
    send: (input: { NextToken?: string | undefined }, options: SendOptions) => Promise<O>,
    pick: (page: O) => T[] | undefined,
  ): Promise<T[] | undefined> {
    if (scope && scope.length === 0) return Promise.resolve([]);
    return this.collect(key, () => this.paginate(action, (t, o) => send({ NextToken: t }, o), pick));
  }

  /** Run a read for `key`; a denial is recorded against the key, anything else ends the run. */
  private async collect<T>(key: DocumentKey, read: () => Promise<T[]>): Promise<T[] | undefined> {
    if (this.fatal) return undefined;
    try {
      return await read();
    } catch (error) {
      const failure = error instanceof CallFailure ? error : new CallFailure('unknown', error);
      if (failure.denied) {
        if (!this.denied.has(key)) {
          this.denied.set(key, {
            key,
            action: failure.action,
            permission: `ec2:${failure.action}`,
            message: cleanMessage(failure.message),
          });
        }
      } else if (!this.fatal && !this.abort.signal.aborted) {
        this.fatal = new LiveReadError(failure.action, failure.code, cleanMessage(failure.message), failure.attempts);
        this.abort.abort();
      }
      return undefined;
    }
  }

  /** Follow NextToken to the end; each page is one request through the limiter. */
  private async paginate<O extends { NextToken?: string | undefined }, T>(
    action: string,
    send: (nextToken: string | undefined, options: SendOptions) => Promise<O>,
    pick: (page: O) => T[] | undefined,
  ): Promise<T[]> {
    const record = this.start(action);
    const items: T[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.request(action, (o) => send(token, o));
      record.pages += 1;
      this.progress.pagesDone += 1;
      this.report();
      items.push(...(pick(page) ?? []));
      token = page.NextToken || undefined;
      if (token === undefined || seen.has(token)) break;
      seen.add(token);
    }
    this.progress.callsDone += 1;
    this.report();
    return items;
  }

  /** One request that is not paginated. */
  private async single<O>(action: string, send: (options: SendOptions) => Promise<O>): Promise<O> {
    const record = this.start(action);
    const output = await this.request(action, send);
    record.pages = 1;
    this.progress.pagesDone += 1;
    this.progress.callsDone += 1;
    this.report();
    return output;
  }

  private start(action: string): CallRecord {
    const record: CallRecord = { action, pages: 0 };
    this.calls.push(record);
    this.progress.callsStarted += 1;
    this.report();
    return record;
  }

  private request<O>(action: string, send: (options: SendOptions) => Promise<O>): Promise<O> {
    return this.limiter.run(async () => {
      if (this.abort.signal.aborted) throw new CallFailure(action, Object.assign(new Error('aborted'), { name: 'AbortError' }));
      try {
        return await send({ abortSignal: this.abort.signal });
      } catch (error) {
        throw new CallFailure(action, error);
      }
    });
  }

  private report(): void {
    this.options.onProgress?.({ ...this.progress });
  }
}

// ---- pure helpers (exported for tests) ---------------------------------------------------------

export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(items: T[], id: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = id(item);
    if (key === undefined) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

function vpcIdsOfReservations(reservations: Reservation[]): string[] {
  return unique(
    reservations.flatMap((r) =>
      (r.Instances ?? []).flatMap((i) => [
        ...(i.VpcId ? [i.VpcId] : []),
        ...(i.NetworkInterfaces ?? []).flatMap((n) => (n.VpcId ? [n.VpcId] : [])),
      ])),
  );
}

function attachedTo(gateway: EgressOnlyInternetGateway, scope: string[]): boolean {
  return (gateway.Attachments ?? []).some((a) => a.VpcId !== undefined && scope.includes(a.VpcId));
}

/** Prefix lists that security group rules (either direction) and routes reference. */
export function referencedPrefixLists(groups: SecurityGroup[], tables: RouteTable[]): string[] {
  const ids: string[] = [];
  for (const group of groups) {
    for (const permission of [...(group.IpPermissions ?? []), ...(group.IpPermissionsEgress ?? [])]) {
      for (const ref of permission.PrefixListIds ?? []) if (ref.PrefixListId) ids.push(ref.PrefixListId);
    }
  }
  for (const table of tables) {
    for (const route of table.Routes ?? []) if (route.DestinationPrefixListId) ids.push(route.DestinationPrefixListId);
  }
  return unique(ids);
}

function pruneAddresses(
  addresses: Address[],
  enis: NetworkInterface[] | undefined,
  reservations: Reservation[] | undefined,
): Address[] {
  if (!enis) return addresses; // cannot tell which are in scope: keep them all
  const eniIds = new Set(enis.flatMap((n) => (n.NetworkInterfaceId ? [n.NetworkInterfaceId] : [])));
  const instanceIds = new Set((reservations ?? []).flatMap((r) => (r.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : []))));
  return addresses.filter(
    (a) => (a.NetworkInterfaceId !== undefined && eniIds.has(a.NetworkInterfaceId)) || (a.InstanceId !== undefined && instanceIds.has(a.InstanceId)),
  );
}

/** Drop the "Encoded authorization failure message" blob that EC2 appends to denials. */
function cleanMessage(message: string): string {
  return message.replace(/\s*Encoded authorization failure message:.*$/s, '').trim();
}

/** JSON-ready copy: Dates as ISO strings, undefined members dropped. */
export function toPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toPlain(v);
    }
    return out;
  }
  return value;
}
