// The oracle's verdicts: for each instance and check, which concrete packets the check stands for
// (DNS-1..6 decide the addresses; NACL-6 the ephemeral ports; NAT-4 the NAT's ports), each
// simulated by packet.ts, and the verdict the packets add up to (§0.2, P6):
//   every packet succeeds → reachable; none → blocked; some do and some do not → partial;
//   otherwise (some outcomes unknown) → unknown.
// Public service addresses are not in the configuration (RT-9): the oracle tries concrete public
// addresses from every piece of address space the configuration's CIDRs draw, and when they do
// not all give the same verdict the answer depends on the unknown address → unknown.

import type { Block } from './ip.ts';
import { NOT_PUBLIC, inBlock } from './ip.ts';
import type { Connection, Trace } from './packet.ts';
import { simulate } from './packet.ts';
import type { OEndpoint, OEni, OInstance, World } from './world.ts';
import { readWorld } from './world.ts';

export type Verdict = 'reachable' | 'blocked' | 'partial' | 'unknown';
export const SERVICES = ['ssm', 'ec2messages', 'ssmmessages'] as const;
export type Check = (typeof SERVICES)[number] | 'imds';

export interface OracleCheck {
  verdict: Verdict;
  /**
   * The first failing hop in packet order, when every failing packet fails first at the same
   * resource; undefined when the oracle cannot name one (or the verdict is reachable/unknown).
   */
  blocking: string | undefined;
  /** A few words on how the oracle got there, for disagreement reports. */
  detail: string;
  /** How many concrete connections were simulated. */
  packets: number;
}

/** NACL-6: the client OS's ephemeral ports; NAT-4: a NAT gateway's ports. */
const LINUX: [number, number] = [32768, 60999];
const WINDOWS: [number, number] = [49152, 65535];
const NAT_PORTS: [number, number] = [1024, 65535];

interface Outcome {
  verdict: Verdict;
  fails: Set<string>;
  packets: number;
  detail: string;
}

export class Oracle {
  readonly world: World;
  private readonly publicAddresses: number[];

  constructor(document: Record<string, unknown>) {
    this.world = readWorld(document);
    this.publicAddresses = publicSamples(this.world);
  }

  instance(instanceId: string): Record<Check, OracleCheck> {
    const instance = this.world.instances.find((i) => i.id === instanceId);
    if (!instance) throw new Error(`oracle: no instance ${instanceId}`);
    const out = {} as Record<Check, OracleCheck>;
    let publicOutcome: Outcome | undefined;
    const source = this.source(instance);
    for (const service of SERVICES) {
      if (!source) {
        out[service] = { verdict: 'unknown', blocking: undefined, detail: 'no source interface', packets: 0 };
        continue;
      }
      out[service] = this.service(instance, source, service, () => (publicOutcome ??= this.toPublic(instance, source)));
    }
    // IMDS-1/2: link-local, no SG, NACL or route applies; only HttpEndpoint decides.
    out.imds = instance.imdsEnabled
      ? { verdict: 'reachable', blocking: undefined, detail: 'HttpEndpoint enabled', packets: 0 }
      : { verdict: 'blocked', blocking: instance.id, detail: 'HttpEndpoint disabled', packets: 0 };
    return out;
  }

  private source(instance: OInstance): { eni: OEni; address: number } | undefined {
    const eni = instance.eniIds.map((id) => this.world.enis.get(id)).find((e) => e !== undefined);
    const primary = eni?.addresses[0];
    if (!eni || !primary || !this.world.subnets.has(eni.subnetId)) return undefined;
    return { eni, address: primary.ip };
  }

  /** DNS-1..6, then the packets of whichever answer the name gets. */
  private service(instance: OInstance, source: { eni: OEni; address: number }, service: string, publicPath: () => Outcome): OracleCheck {
    const world = this.world;
    const vpc = world.vpcs.get(instance.vpcId);
    const name = `com.amazonaws.${world.region}.${service}`;
    const endpoints = world.endpoints.filter((e) => e.vpcId === instance.vpcId && e.type === 'interface' && e.service === name).sort((a, b) => (a.id < b.id ? -1 : 1));
    const available = endpoints.filter((e) => e.state === 'available');
    const viaEndpoint = (e: OEndpoint) => this.toEndpoint(instance, source, e);

    // DNS-1, DNS-6: a resolver that is not Amazon's (or unknown) may answer anything: any endpoint
    // of the service, or the public addresses. The verdict stands only if every answer agrees.
    const dhcpId = vpc?.dhcpOptionsId;
    const servers = dhcpId && dhcpId !== 'default' ? world.dhcp.get(dhcpId) : ['AmazonProvidedDNS'];
    if (!vpc || !servers || !(servers.length === 1 && servers[0] === 'AmazonProvidedDNS')) {
      const answers = [...available.map(viaEndpoint), publicPath()];
      const verdicts = new Set(answers.map((a) => a.verdict));
      const first = answers[0]!;
      if (verdicts.size === 1 && first.verdict !== 'unknown') return check(first, blame(first), `custom resolver, every answer ${first.verdict}`);
      return { verdict: 'unknown', blocking: undefined, detail: `custom resolver: ${answers.map((a) => a.verdict).join('/')}`, packets: sum(answers) };
    }
    // DNS-2: Amazon DNS off → nothing resolves.
    if (!vpc.dnsSupport) return { verdict: 'blocked', blocking: vpc.id, detail: 'enableDnsSupport off', packets: 0 };
    // DNS-3: private DNS of an interface endpoint, effective with both VPC attributes on.
    const privateDns = endpoints.filter((e) => e.privateDns);
    const chosen = privateDns.find((e) => e.state === 'available') ?? privateDns[0];
    if (chosen) {
      if (!vpc.dnsHostnames) {
        const outcome = publicPath();
        return check(outcome, outcome.verdict === 'blocked' || outcome.verdict === 'partial' ? vpc.id : undefined, 'private DNS ineffective (hostnames off) → public');
      }
      if (chosen.state !== 'available') {
        // VPCE-4: not serving traffic; not yet → unknown.
        const pending = chosen.state === 'pending' || chosen.state === 'pendingacceptance';
        return { verdict: pending ? 'unknown' : 'blocked', blocking: pending ? undefined : chosen.id, detail: `endpoint ${chosen.state}`, packets: 0 };
      }
      const outcome = viaEndpoint(chosen);
      return check(outcome, blame(outcome), `private DNS → ${chosen.id}`);
    }
    // DNS-4: public addresses; an endpoint with private DNS off is unused (the DNS decision is
    // then the first thing to blame, DESIGN.md §3 order).
    const outcome = publicPath();
    const unused = endpoints[0];
    if (unused) return check(outcome, outcome.verdict === 'blocked' || outcome.verdict === 'partial' ? unused.id : undefined, `${unused.id} private DNS off → public`);
    return check(outcome, blame(outcome), 'public');
  }

  /** VPCE-2: every endpoint interface address is a target; each with every ephemeral port. */
  private toEndpoint(instance: OInstance, source: { eni: OEni; address: number }, endpoint: OEndpoint): Outcome {
    if (endpoint.eniIds.length === 0) return { verdict: 'unknown', fails: new Set(), packets: 0, detail: `${endpoint.id} lists no interfaces` };
    const traces: Trace[] = [];
    let missing = false;
    for (const eniId of endpoint.eniIds) {
      const eni = this.world.enis.get(eniId);
      const address = eni?.addresses[0];
      if (!address) {
        missing = true;
        continue;
      }
      for (const port of ports(this.world, instance.windows ? WINDOWS : LINUX)) {
        traces.push(simulate(this.world, { instance, eni: source.eni, src: source.address, dst: address.ip, port, natPort: NAT_PORTS[0] }));
      }
    }
    return aggregate(traces, missing, `to ${endpoint.id}`);
  }

  /** RT-9: one verdict per concrete public address; they must all agree. */
  private toPublic(instance: OInstance, source: { eni: OEni; address: number }): Outcome {
    const ephemeral = ports(this.world, instance.windows ? WINDOWS : LINUX);
    const natPorts = ports(this.world, NAT_PORTS);
    const perAddress: Outcome[] = [];
    for (const dst of this.publicAddresses) {
      const traces: Trace[] = [];
      for (const port of ephemeral) {
        const first = simulate(this.world, { instance, eni: source.eni, src: source.address, dst, port, natPort: natPorts[0]! });
        traces.push(first);
        // The NAT's own port only matters when the packet went through a NAT gateway.
        if (first.hops.some((h) => h.what.startsWith('NAT'))) {
          for (const natPort of natPorts.slice(1)) traces.push(simulate(this.world, { instance, eni: source.eni, src: source.address, dst, port, natPort } satisfies Connection));
        }
      }
      perAddress.push(aggregate(traces, false, `public ${dst}`));
    }
    const verdicts = new Set(perAddress.map((o) => o.verdict));
    const fails = new Set(perAddress.flatMap((o) => [...o.fails]));
    const packets = perAddress.reduce((n, o) => n + o.packets, 0);
    if (verdicts.size === 1) return { verdict: perAddress[0]!.verdict, fails, packets, detail: `${perAddress.length} public addresses, all ${perAddress[0]!.verdict}` };
    const examples = [...verdicts].map((v) => `${v} (e.g. ${intText(this.publicAddresses[perAddress.findIndex((o) => o.verdict === v)]!)})`);
    return { verdict: 'unknown', fails: new Set(), packets, detail: `public addresses disagree: ${examples.join(', ')}` };
  }
}

function aggregate(traces: Trace[], missing: boolean, what: string): Outcome {
  const ok = traces.filter((t) => t.outcome === 'ok').length;
  const fail = traces.filter((t) => t.outcome === 'fail').length;
  const unknown = traces.length - ok - fail + (missing ? 1 : 0);
  const verdict: Verdict = ok > 0 && fail > 0 ? 'partial' : unknown > 0 ? 'unknown' : fail === 0 ? 'reachable' : ok === 0 ? 'blocked' : 'partial';
  const fails = new Set(traces.filter((t) => t.outcome === 'fail').map((t) => t.firstFail!));
  return { verdict, fails, packets: traces.length, detail: `${what}: ${ok} ok, ${fail} fail, ${unknown} unknown` };
}

function blame(outcome: Outcome): string | undefined {
  if (outcome.verdict !== 'blocked' && outcome.verdict !== 'partial') return undefined;
  return outcome.fails.size === 1 ? [...outcome.fails][0] : undefined;
}

function check(outcome: Outcome, blocking: string | undefined, detail: string): OracleCheck {
  return { verdict: outcome.verdict, blocking: outcome.verdict === 'blocked' || outcome.verdict === 'partial' ? blocking : undefined, detail: `${detail}; ${outcome.detail}`, packets: outcome.packets };
}

function sum(outcomes: Outcome[]): number {
  return outcomes.reduce((n, o) => n + o.packets, 0);
}

/**
 * Ports to try in [from, to]: both ends of every sub-range that the TCP port ranges of the
 * network ACLs cut it into. Within a sub-range every NACL entry treats every port alike.
 */
export function ports(world: World, [from, to]: [number, number]): number[] {
  const cuts = [...new Set([from, to + 1, ...world.portEdges.filter((p) => p > from && p <= to)])].sort((a, b) => a - b);
  const out = new Set<number>();
  for (let i = 0; i + 1 < cuts.length; i++) {
    out.add(cuts[i]!);
    out.add(cuts[i + 1]! - 1);
  }
  return [...out];
}

/**
 * Public addresses to try: both ends of every piece that the document's IPv4 CIDRs (and the
 * never-public ranges) cut the address space into, leaving out non-public space, VPC CIDRs and
 * AWS service prefix lists (an SSM address is never in the S3 list, SG-6). Addresses inside the
 * same set of CIDRs behave alike, so one per such set is kept.
 */
export function publicSamples(world: World): number[] {
  const excluded: Block[] = [
    ...NOT_PUBLIC,
    ...[...world.vpcs.values()].flatMap((v) => v.cidrs),
    ...[...world.prefixLists.values()].filter((p) => p.awsManaged).flatMap((p) => p.cidrs ?? []),
  ];
  const cuts = new Set<number>([0, 2 ** 32]);
  for (const b of [...world.blocks, ...excluded]) {
    cuts.add(b.first);
    cuts.add(b.last + 1);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const seen = new Set<string>();
  const out: number[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    for (const address of [sorted[i]!, sorted[i + 1]! - 1]) {
      if (excluded.some((b) => inBlock(b, address))) continue;
      const signature = world.blocks.map((b) => (inBlock(b, address) ? '1' : '0')).join('');
      if (seen.has(signature)) continue;
      seen.add(signature);
      out.push(address);
    }
  }
  return out;
}

function intText(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function oracleFor(document: Record<string, unknown>): Oracle {
  return new Oracle(document);
}
