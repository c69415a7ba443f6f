import { Topology } from '../graph/topology.ts';
import { AddressClasses } from './address-classes.ts';
import type { EgressClass } from './egress-classes.ts';
import { EgressClasses } from './egress-classes.ts';
import { formatIpv4 } from '../model/address.ts';
import { regionFromAvailabilityZone } from '../load/region.ts';
import type { Instance, MetadataOptions, Model, Subnet } from '../model/types.ts';
import type { DnsAnswer, DnsOutcome } from './dns.ts';
import { resolveService, serviceHost } from './dns.ts';
import { evaluateImds } from './imds.ts';
import { walkToInterface } from './interface-path.ts';
import { portSet } from './port-set.ts';
import type { PublicPiece } from './public-addresses.ts';
import { publicPieces } from './public-addresses.ts';
import { walkToPublic } from './public-path.ts';
import { settleUnresolved } from './unresolved.ts';
import type { CheckResult, Finding, Hop, InstanceResult, PathResult, ServiceCheck, Verdict } from './types.ts';
import { SERVICE_CHECKS } from './types.ts';
import type { EvalContext, Source } from './walk.ts';
import { Walk, missingKeyMessage } from './walk.ts';

/** NACL-6: default ephemeral ranges by OS. */
const EPHEMERAL = {
  linux: { ports: portSet(32768, 60999), text: '32768-60999' },
  windows: { ports: portSet(49152, 65535), text: '49152-65535' },
} as const;

/**
 * The service checks of one source class, stored by its first source. When a second source comes,
 * each result is scanned once: one that names the first source becomes null (every source of the
 * class is then evaluated on its own); the others are shared from then on. Classes with a single
 * source, common among hand-made instances, never pay for the scan.
 */
interface SharedChecks {
  results: Array<CheckResult | null | undefined>;
  first: Source | undefined;
  ready: boolean;
}

interface AnswerResult {
  verdict: Verdict;
  via: string;
  findings: Finding[];
  paths: PathResult[];
}

export interface EvaluatorOptions {
  /**
   * Reuse a service check's result for instances whose sources are alike (default true). Off,
   * every instance is walked on its own: the tests compare both ways.
   */
  shareResults?: boolean;
}

/**
 * The engine: build once per model, then evaluate instances. Work that instances share is cached
 * here: public address pieces per route table/NACL/group set, and whole service-check results per
 * class of source (see `sharedFor`).
 */
export class Evaluator {
  readonly ctx: EvalContext;
  private readonly pieceCache = new Map<string, PublicPiece[]>();
  private readonly shareResults: boolean;
  private addressClasses: AddressClasses | undefined;
  private egressClasses: EgressClasses | undefined;
  private readonly regionBySubnet = new Map<string, string | undefined>();
  /** Service check results by subnet, then by the rest of the source class (see `sharedFor`). */
  private readonly shared = new Map<Subnet, Map<EgressClass, Map<number, Map<number | string, SharedChecks>>>>();
  /** instanceClass's objects, by shared checks and then by everything else the result shows. */
  private readonly instanceClasses = new WeakMap<SharedChecks, Map<number, Map<string, Map<string, Map<string, Map<string | undefined, object>>>>>>();
  private readonly metadataNumbers = new WeakMap<MetadataOptions, number>();
  private readonly metadataKeys = new Map<string, number>();
  /** Egress classes by group list (each interface has its own list object). */
  private readonly egressByList = new WeakMap<readonly string[], EgressClass>();
  /** DNS outcomes by service, region and VPC: resolution reads nothing else of the instance. */
  private readonly dnsCache = new Map<ServiceCheck, Map<string | undefined, Map<string, DnsOutcome>>>();

  constructor(model: Model, options: EvaluatorOptions = {}) {
    this.ctx = { model, topology: new Topology(model) };
    this.shareResults = options.shareResults ?? true;
  }

  get model(): Model {
    return this.ctx.model;
  }

  evaluateInstance(instance: Instance): InstanceResult {
    const { model } = this.ctx;
    const region = instance.region ?? this.subnetRegion(instance.subnetId);
    const warnings: string[] = [];
    if (instance.state !== 'running') warnings.push(`${instance.id} is ${instance.state}; the verdicts say what happens once it runs.`);
    if (!region) warnings.push('The region is unknown (no Region key, region folder or availability zones); endpoint service names cannot be matched.');
    const source = this.sourceOf(instance);
    const shared = this.shareResults && 'instance' in source ? this.sharedFor(source, region) : undefined;
    if (shared?.first) {
      // The class's second source: share what names neither source, from now on.
      const first = shared.first;
      shared.results.forEach((result, i) => {
        if (result && mentionsSource(result, first)) shared.results[i] = null;
      });
      shared.first = undefined;
      shared.ready = true;
    }
    const checks: CheckResult[] = [];
    let publicPath: ((s: Source) => AnswerResult) | undefined;
    for (let i = 0; i < SERVICE_CHECKS.length; i++) {
      const known = shared?.results[i];
      // The same object for the whole class: later stages cache what they derive from it.
      if (known && shared!.ready) {
        checks.push(known);
        continue;
      }
      if (!publicPath) {
        // The public path is the same for every service: walked at most once per instance.
        let publicResult: AnswerResult | undefined;
        publicPath = (s: Source) => (publicResult ??= this.evaluatePublic(s));
      }
      const result = this.evaluateService(instance, SERVICE_CHECKS[i]!, region, source, publicPath);
      if (shared && known === undefined) shared.results[i] = result;
      checks.push(result);
    }
    if (shared && !shared.ready) shared.first = source as Source;
    checks.push(evaluateImds(instance));
    // Values known only after apply (Terraform plans) make the checks that depend on them unknown.
    const settled = model.unresolved ? checks.map((check) => settleUnresolved(model, instance, check)) : checks;
    return { instanceId: instance.id, name: instance.name, state: instance.state, vpcId: instance.vpcId, subnetId: instance.subnetId, region, checks: settled, warnings };
  }

  /**
   * The same object for instances whose results differ only in their own id and name (and the
   * IMDS hop, which names the instance): the class of their source is settled and every service
   * result of it is shared, their metadata options, state, VPC, subnet and region are equal, and
   * IMDS is enabled (a disabled endpoint's finding names the instance). Undefined otherwise, and
   * before the class's second instance has been evaluated (see SharedChecks). A report can then
   * write what it wrote for one such instance for the others (cli/json-report.ts).
   */
  instanceClass(instance: Instance): object | undefined {
    if (!this.shareResults || this.ctx.model.unresolved || instance.metadata.httpEndpoint === 'disabled') return undefined;
    const source = this.sourceOf(instance);
    if (!('instance' in source)) return undefined;
    const region = instance.region ?? this.subnetRegion(instance.subnetId);
    const shared = this.sharedFor(source, region);
    if (!shared.ready) return undefined;
    const results = shared.results;
    for (let i = 0; i < SERVICE_CHECKS.length; i++) if (!results[i]) return undefined;
    // Nested by values the model interns (one string per id or state), so no key is built.
    let byMetadata = this.instanceClasses.get(shared);
    if (!byMetadata) this.instanceClasses.set(shared, (byMetadata = new Map()));
    const metadata = this.metadataClass(instance.metadata);
    let byState = byMetadata.get(metadata);
    if (!byState) byMetadata.set(metadata, (byState = new Map()));
    let byVpc = byState.get(instance.state);
    if (!byVpc) byState.set(instance.state, (byVpc = new Map()));
    let bySubnet = byVpc.get(instance.vpcId);
    if (!bySubnet) byVpc.set(instance.vpcId, (bySubnet = new Map()));
    let byRegion = bySubnet.get(instance.subnetId);
    if (!byRegion) bySubnet.set(instance.subnetId, (byRegion = new Map()));
    let found = byRegion.get(region);
    if (!found) byRegion.set(region, (found = {}));
    return found;
  }

  /** A number per distinct set of metadata options, remembered per options object. */
  private metadataClass(m: MetadataOptions): number {
    let number = this.metadataNumbers.get(m);
    if (number === undefined) {
      const key = JSON.stringify([m.httpEndpoint, m.httpTokens, m.hopLimit, m.httpProtocolIpv6, m.state, m.assumed]);
      number = this.metadataKeys.get(key);
      if (number === undefined) this.metadataKeys.set(key, (number = this.metadataKeys.size));
      this.metadataNumbers.set(m, number);
    }
    return number;
  }

  /** The region of a subnet's availability zone, else the model's; once per subnet. */
  private subnetRegion(subnetId: string): string | undefined {
    if (this.regionBySubnet.has(subnetId)) return this.regionBySubnet.get(subnetId);
    const zone = this.ctx.model.subnets.get(subnetId)?.availabilityZone;
    const region = (zone ? regionFromAvailabilityZone(zone) : undefined) ?? this.ctx.model.region;
    this.regionBySubnet.set(subnetId, region);
    return region;
  }

  /**
   * The shared checks of the source's class. A class is everything a service check reads from its
   * source, except the source's own names: its VPC, subnet (hence NACL and route table), what its
   * security groups decide outbound on 443 (EgressClasses), platform (ephemeral ports), region,
   * whether it has a public IPv4 address, and the class of its private address (AddressClasses).
   * Sources of one class take the same decisions on every path; a result is shared only when no
   * text in it names the source (its instance, interface or addresses), see SharedChecks.
   */
  private sharedFor(source: Source, region: string | undefined): SharedChecks {
    this.addressClasses ??= new AddressClasses(this.ctx.model);
    const { instance, eni, subnet } = source;
    let bySubnet = this.shared.get(subnet);
    if (!bySubnet) this.shared.set(subnet, (bySubnet = new Map()));
    const egress = this.egressClassOf(eni.groupIds);
    let byEgress = bySubnet.get(egress);
    if (!byEgress) bySubnet.set(egress, (byEgress = new Map()));
    const addressClass = this.addressClasses.classOf(source.address);
    let byAddress = byEgress.get(addressClass);
    if (!byAddress) byEgress.set(addressClass, (byAddress = new Map()));
    // Platform and public address as a number; the region and the VPC ids are the subnet's in
    // any consistent input, and spelled out only when not.
    const flags = (instance.platform === 'windows' ? 2 : 0) + (source.publicIp === undefined ? 0 : 1);
    const usual = instance.vpcId === subnet.vpcId && eni.vpcId === subnet.vpcId && region === this.subnetRegion(subnet.id);
    const key = usual ? flags : JSON.stringify([flags, region ?? null, instance.vpcId, eni.vpcId]);
    let shared = byAddress.get(key);
    if (!shared) byAddress.set(key, (shared = { results: [], first: undefined, ready: false }));
    return shared;
  }

  private egressClassOf(groupIds: readonly string[]): EgressClass {
    let known = this.egressByList.get(groupIds);
    if (known === undefined) {
      this.egressClasses ??= new EgressClasses(this.ctx.model, 443);
      known = this.egressClasses.classOf(groupIds);
      this.egressByList.set(groupIds, known);
    }
    return known;
  }

  private sourceOf(instance: Instance): Source | Finding {
    const { model } = this.ctx;
    const eniId = instance.networkInterfaceIds[0];
    const eni = eniId === undefined ? undefined : model.networkInterfaces.get(eniId);
    if (!eni || eni.privateAddresses.length === 0) {
      return new Walk().find('forward', 'instance', instance.id, 'unknown', 'MISSING_RESOURCE', `${instance.id} has no primary network interface with a private IPv4 address in the snapshot`, { facts: { missing: eniId ?? 'network interface' } });
    }
    const subnet = model.subnets.get(eni.subnetId);
    if (!subnet) {
      const missingKey = !model.presentKeys.has('Subnets');
      return new Walk().find('forward', 'subnet', eni.subnetId, 'unknown', missingKey ? 'MISSING_DATA' : 'MISSING_RESOURCE', missingKey ? `${missingKeyMessage(model, 'Subnets')}: ${eni.subnetId}'s network ACL and route table` : `${eni.subnetId} is not in the snapshot`, { facts: { missing: missingKey ? 'Subnets' : eni.subnetId } });
    }
    const primary = eni.privateAddresses[0]!;
    const ephemeral = EPHEMERAL[instance.platform];
    return { instance, eni, address: primary.address, addressText: primary.text, publicIp: primary.publicIp, subnet, ephemeral: ephemeral.ports, ephemeralText: ephemeral.text };
  }

  private evaluateService(instance: Instance, service: ServiceCheck, region: string | undefined, source: Source | Finding, publicPath: (s: Source) => AnswerResult): CheckResult {
    const host = serviceHost(service, region);
    const base = { check: service, destination: { host, port: 443, protocol: 'tcp' as const } };
    if (!('instance' in source)) {
      return { ...base, verdict: 'unknown', via: 'none', findings: [source], paths: [{ target: host, verdict: 'unknown', via: 'none', hops: [], findings: [source] }], notes: [] };
    }
    const dns: DnsOutcome = this.resolve(instance, service, region);
    const dnsHop = (decision: Hop['decision']): Hop => ({ leg: 'dns', kind: 'vpc', resourceId: instance.vpcId, decision, detail: dns.detail });
    const answer = (a: DnsAnswer) => (a.kind === 'public' ? publicPath(source) : this.evaluateEndpoint(source, a));
    const withDns = (paths: PathResult[], decision: Hop['decision']) => paths.map((p) => ({ ...p, hops: [dnsHop(decision), ...p.hops] }));

    switch (dns.kind) {
      case 'fail': {
        const finding = dns.finding;
        const verdict: Verdict = finding.severity === 'blocked' ? 'blocked' : 'unknown';
        const hop: Hop = { leg: 'dns', kind: finding.kind, resourceId: finding.resourceId, decision: finding.severity === 'blocked' ? 'block' : 'unknown', detail: finding.message };
        return { ...base, verdict, via: 'none', findings: [finding], paths: [{ target: host, verdict, via: 'none', hops: [hop], findings: [finding] }], notes: [] };
      }
      case 'answer': {
        const result = answer(dns.answer);
        const findings = [...result.findings];
        if (dns.preface && result.verdict !== 'reachable') {
          findings.unshift({ ...dns.preface, severity: result.verdict === 'partial' ? 'partial' : result.verdict === 'unknown' ? 'unknown' : 'blocked' });
        }
        return { ...base, verdict: result.verdict, via: result.via, findings, paths: withDns(result.paths, 'pass'), notes: dns.notes };
      }
      case 'uncertain': {
        const results = dns.answers.map(answer);
        const verdicts = new Set(results.map((r) => r.verdict));
        const first = results[0]!;
        if (verdicts.size === 1 && first.verdict !== 'unknown') {
          // DNS-6: whatever the resolver answers, the verdict is the same.
          const note = `${dns.finding.message}; every possible answer (${dns.answers.map(answerLabel).join(', ')}) gives the same verdict.`;
          return { ...base, verdict: first.verdict, via: first.via, findings: results.flatMap((r) => r.findings), paths: withDns(results.flatMap((r) => r.paths), 'unknown'), notes: [note] };
        }
        const detail = results.map((r, i) => `${answerLabel(dns.answers[i]!)} → ${r.verdict}`).join('; ');
        const finding: Finding = { ...dns.finding, severity: 'unknown', message: `${dns.finding.message}. Possible answers: ${detail}` };
        return { ...base, verdict: 'unknown', via: 'unknown', findings: [finding, ...results.flatMap((r) => r.findings)], paths: withDns(results.flatMap((r) => r.paths), 'unknown'), notes: [] };
      }
    }
  }

  /**
   * DNS-1..6 for the instance's VPC, once per service, region and VPC: `resolveService` reads the
   * instance's VPC id only, and every source class of a VPC asks the same four questions. The
   * outcome's findings and notes are shared like a class's results are: nothing changes them.
   */
  private resolve(instance: Instance, service: ServiceCheck, region: string | undefined): DnsOutcome {
    let byRegion = this.dnsCache.get(service);
    if (!byRegion) this.dnsCache.set(service, (byRegion = new Map()));
    let byVpc = byRegion.get(region);
    if (!byVpc) byRegion.set(region, (byVpc = new Map()));
    let outcome = byVpc.get(instance.vpcId);
    if (!outcome) byVpc.set(instance.vpcId, (outcome = resolveService(this.ctx, instance, service, region)));
    return outcome;
  }

  /** VPCE-2: each endpoint address is its own target; all pass → reachable, some → partial. */
  private evaluateEndpoint(source: Source, answer: DnsAnswer & { kind: 'endpoint' }): AnswerResult {
    const endpoint = answer.endpoint;
    if (endpoint.networkInterfaceIds.length === 0) {
      const scratch = new Walk();
      const finding = scratch.find('forward', 'vpc-endpoint', endpoint.id, 'unknown', 'MISSING_DATA', `${endpoint.id} lists no network interfaces, so its addresses are unknown`, { facts: { missing: 'NetworkInterfaceIds' } });
      return { verdict: 'unknown', via: 'interface-endpoint', findings: [finding], paths: [{ target: endpoint.id, verdict: 'unknown', via: 'interface-endpoint', hops: scratch.hops, findings: [finding] }] };
    }
    const paths = endpoint.networkInterfaceIds.map((eniId) => walkToInterface(this.ctx, source, endpoint, eniId));
    return { verdict: combinePaths(paths), via: 'interface-endpoint', findings: paths.flatMap((p) => p.findings), paths };
  }

  /** RT-9: evaluate every piece of public space the rules distinguish; agree → that verdict. */
  private evaluatePublic(source: Source): AnswerResult {
    const pieces = this.piecesFor(source);
    const paths = pieces.map((piece) => walkToPublic(this.ctx, source, piece));
    const groups = new Map<string, PathResult[]>();
    for (const path of paths) {
      const key = JSON.stringify([path.verdict, ...path.findings.map((f) => [f.code, f.resourceId])]);
      const group = groups.get(key);
      if (group) group.push(path);
      else groups.set(key, [path]);
    }
    const representatives = [...groups.values()].map((group) => group[0]!);
    const verdicts = new Set(representatives.map((p) => p.verdict));
    const findings = dedupe(representatives.flatMap((p) => p.findings));
    const first = representatives[0]!;
    if (verdicts.size === 1) return { verdict: first.verdict, via: first.via, findings, paths: representatives };
    // The verdict depends on which public address the name resolves to: say where it differs.
    const ambiguity = this.ambiguityFinding(source, representatives, [...groups.values()], pieces, paths);
    return { verdict: 'unknown', via: 'unknown', findings: [ambiguity, ...findings], paths: representatives.map((p, i) => relabel(p, [...groups.values()][i]!, pieces, paths)) };
  }

  private ambiguityFinding(source: Source, representatives: PathResult[], groups: PathResult[][], pieces: PublicPiece[], paths: PathResult[]): Finding {
    let differing: Hop | undefined;
    const length = Math.max(...representatives.map((p) => p.hops.length));
    for (let i = 0; i < length && !differing; i++) {
      const hops = representatives.map((p) => p.hops[i]);
      const keys = new Set(hops.map((h) => (h ? JSON.stringify([h.resourceId, h.decision, h.detail]) : '')));
      if (keys.size > 1) differing = hops.find((h) => h !== undefined);
    }
    const resourceId = differing?.resourceId ?? source.subnet.id;
    const kind = differing?.kind ?? 'subnet';
    const byVerdict = groups.map((group) => `${rangesOf(group, pieces, paths)} → ${group[0]!.verdict}${group[0]!.findings[0] ? ` (${group[0]!.findings[0].code} at ${group[0]!.findings[0].resourceId})` : ` via ${group[0]!.via}`}`);
    return {
      leg: 'forward',
      resourceId,
      kind,
      direction: differing?.direction,
      code: kind === 'route-table' ? 'AMBIGUOUS_PUBLIC_ROUTE' : 'AMBIGUOUS_PUBLIC_DESTINATION',
      severity: 'unknown',
      rule: differing?.detail,
      message: `the verdict depends on which public address the service name resolves to, which the configuration does not say (RT-9): ${byVerdict.join('; ')}`,
      facts: { subnetId: source.subnet.id },
    };
  }

  private piecesFor(source: Source): PublicPiece[] {
    const { model, topology } = this.ctx;
    const table = topology.routeTableOf(source.subnet).value;
    const acl = topology.networkAclOf(source.subnet).value;
    const egress = this.egressClassOf(source.eni.groupIds);
    const key = JSON.stringify([source.instance.vpcId, table?.id ?? null, acl?.id ?? null, egress.key]);
    let pieces = this.pieceCache.get(key);
    if (!pieces) {
      const natSubnets = [...model.natGateways.values()].filter((nat) => nat.vpcId === source.instance.vpcId).flatMap((nat) => {
        const subnet = model.subnets.get(nat.subnetId);
        return subnet ? [subnet] : [];
      });
      const tables = [table, ...natSubnets.map((s) => topology.routeTableOf(s).value)].filter((t) => t !== undefined);
      const acls = [acl, ...natSubnets.map((s) => topology.networkAclOf(s).value)].filter((a) => a !== undefined);
      const excluded = [
        ...(model.vpcs.get(source.instance.vpcId)?.cidrs ?? []),
        ...[...model.prefixLists.values()].filter((list) => list.awsManaged).flatMap((list) => list.ranges ?? []),
      ];
      pieces = publicPieces(model, { routeTables: tables, networkAcls: acls, egressRules: egress.rules, excluded });
      this.pieceCache.set(key, pieces);
    }
    return pieces;
  }
}

/** Does any text of `result` name the source: its instance, interface, private or public address? */
function mentionsSource(result: CheckResult, source: Source): boolean {
  const names = [source.instance.id, source.eni.id, source.addressText, formatIpv4(source.address)];
  if (source.eni.instanceId) names.push(source.eni.instanceId);
  if (source.publicIp) names.push(source.publicIp);
  const visit = (value: unknown): boolean => {
    if (typeof value === 'string') return names.some((name) => value.includes(name));
    if (Array.isArray(value)) return value.some(visit);
    if (value !== null && typeof value === 'object') return Object.values(value).some(visit);
    return false;
  };
  return visit(result);
}

function answerLabel(answer: DnsAnswer): string {
  return answer.kind === 'public' ? 'public addresses' : `${answer.endpoint.id}`;
}

/** Several addresses: all work → reachable; all fail → blocked; a mix → partial (VPCE-2, P6). */
export function combineTargets(verdicts: readonly Verdict[]): Verdict {
  return verdictOfOutcomes(verdicts.flatMap((v): PacketOutcome[] => (v === 'partial' ? ['ok', 'fail'] : v === 'reachable' ? ['ok'] : v === 'blocked' ? ['fail'] : ['unknown'])));
}

/**
 * The same over whole paths, from what their packets can do. A path verdict alone loses that an
 * unknown path with a partial NACL still has packets that surely fail: next to a working address
 * that makes the check partial, not unknown (found by the oracle).
 */
export function combinePaths(paths: readonly PathResult[]): Verdict {
  return verdictOfOutcomes(paths.flatMap((p) => packetOutcomes(p.findings)));
}

type PacketOutcome = 'ok' | 'fail' | 'unknown';

/** An unknown finding concerns every packet of its path; a partial one some; a blocked one all. */
function packetOutcomes(findings: readonly Finding[]): PacketOutcome[] {
  if (findings.some((f) => f.severity === 'blocked')) return ['fail'];
  const unknown = findings.some((f) => f.severity === 'unknown');
  const partial = findings.some((f) => f.severity === 'partial');
  if (unknown) return partial ? ['unknown', 'fail'] : ['unknown'];
  return partial ? ['ok', 'fail'] : ['ok'];
}

/** Some packets get through and some surely fail → partial; otherwise any unknown → unknown. */
function verdictOfOutcomes(outcomes: readonly PacketOutcome[]): Verdict {
  if (outcomes.includes('ok') && outcomes.includes('fail')) return 'partial';
  if (outcomes.includes('unknown')) return 'unknown';
  return outcomes.includes('fail') ? 'blocked' : 'reachable';
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.code, f.resourceId, f.leg, f.direction ?? null, f.rule ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rangesOf(group: PathResult[], pieces: PublicPiece[], paths: PathResult[]): string {
  const ranges = group.map((path) => pieces[paths.indexOf(path)]!).map((piece) => `${formatIpv4(piece.first)}–${formatIpv4(piece.last)}`);
  return ranges.length > 3 ? `${ranges.slice(0, 3).join(', ')} and ${ranges.length - 3} more ranges` : ranges.join(', ');
}

function relabel(path: PathResult, group: PathResult[], pieces: PublicPiece[], paths: PathResult[]): PathResult {
  return { ...path, target: `public addresses ${rangesOf(group, pieces, paths)}` };
}
