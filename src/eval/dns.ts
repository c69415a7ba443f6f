import type { Instance, VpcEndpoint } from '../model/types.ts';
import type { Finding, ServiceCheck } from './types.ts';
import type { EvalContext } from './walk.ts';
import { Walk, missingKeyMessage } from './walk.ts';

export type DnsAnswer = { kind: 'endpoint'; endpoint: VpcEndpoint } | { kind: 'public' };

export type DnsOutcome =
  /** Resolution fails or the answer is unusable: the finding decides the check. */
  | { kind: 'fail'; finding: Finding; detail: string }
  /** One answer. `preface` explains why a working endpoint is not used, should the answer fail. */
  | { kind: 'answer'; answer: DnsAnswer; preface: Finding | undefined; detail: string; notes: string[] }
  /** The resolver is not Amazon's (or unknown): any of these answers is possible (DNS-6). */
  | { kind: 'uncertain'; answers: DnsAnswer[]; finding: Finding; detail: string };

export function serviceHost(service: ServiceCheck, region: string | undefined): string {
  const r = region ?? '<region>';
  return `${service}.${r}.${r.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** VPCE-1: the exact service name; China regions use the reversed `cn.com.amazonaws` prefix. */
export function serviceNames(service: ServiceCheck, region: string | undefined): string[] {
  if (!region) return [];
  return [`com.amazonaws.${region}.${service}`, `cn.com.amazonaws.${region}.${service}`];
}

const NOT_YET = new Set(['pending', 'pendingacceptance']);

/** DNS-1..6: which addresses `<service>.<region>.amazonaws.com` resolves to for this instance. */
export function resolveService(ctx: EvalContext, instance: Instance, service: ServiceCheck, region: string | undefined): DnsOutcome {
  const { model, topology } = ctx;
  const host = serviceHost(service, region);
  const scratch = new Walk();
  const vpc = model.vpcs.get(instance.vpcId);
  const names = serviceNames(service, region);
  const candidates = region
    ? topology.interfaceEndpointsFor(instance.vpcId, names)
    : [...model.vpcEndpoints.values()].filter((e) => e.vpcId === instance.vpcId && e.type === 'interface' && e.serviceName.endsWith(`.${service}`));
  const usable = candidates.filter((e) => e.state === 'available');
  const everyAnswer = (): DnsAnswer[] => [...usable.map((endpoint) => ({ kind: 'endpoint' as const, endpoint })), { kind: 'public' as const }];

  // DNS-1: which resolver. Absent DHCP data leaves the resolver unknown.
  const dhcpId = vpc?.dhcpOptionsId;
  let resolverProblem: Finding | undefined;
  if (!vpc) {
    resolverProblem = scratch.find('dns', 'vpc', instance.vpcId, 'unknown', model.presentKeys.has('Vpcs') ? 'MISSING_RESOURCE' : 'MISSING_DATA', `${instance.vpcId} is not in the snapshot, so its DNS settings are unknown`, { facts: { missing: model.presentKeys.has('Vpcs') ? instance.vpcId : 'Vpcs' } });
  } else if (dhcpId && dhcpId !== 'default') {
    const options = model.dhcpOptions.get(dhcpId);
    if (!options) {
      const missingKey = !model.presentKeys.has('DhcpOptions');
      resolverProblem = scratch.find('dns', 'dhcp-options', dhcpId, 'unknown', missingKey ? 'MISSING_DATA' : 'MISSING_RESOURCE', `${vpc.id} uses DHCP options ${dhcpId}, which ${missingKey ? 'the snapshot does not hold (no DhcpOptions)' : 'are not in the snapshot'}, so its DNS servers are unknown`, { facts: { missing: missingKey ? 'DhcpOptions' : dhcpId } });
    } else if (!(options.domainNameServers.length === 1 && options.domainNameServers[0] === 'AmazonProvidedDNS')) {
      const servers = options.domainNameServers.join(', ') || 'none';
      resolverProblem = scratch.find('dns', 'dhcp-options', dhcpId, 'unknown', 'CUSTOM_RESOLVER_UNKNOWN', `${vpc.id} hands out DNS servers ${servers} (${dhcpId}); what they answer for ${host} is not in the configuration (DNS-6)`, { facts: { reason: servers } });
    }
  }
  // Without the endpoint list we cannot know whether a private-DNS endpoint captures the name.
  if (!resolverProblem && !model.presentKeys.has('VpcEndpoints')) {
    const finding = scratch.find('dns', 'vpc', instance.vpcId, 'unknown', 'MISSING_DATA', `${missingKeyMessage(model, 'VpcEndpoints')}: whether ${host} resolves to an interface endpoint in ${instance.vpcId}`, { facts: { missing: 'VpcEndpoints' } });
    return { kind: 'fail', finding, detail: finding.message };
  }
  if (resolverProblem) {
    return { kind: 'uncertain', answers: everyAnswer(), finding: resolverProblem, detail: resolverProblem.message };
  }
  const theVpc = vpc!;
  // DNS-2: no Amazon DNS, no names at all.
  if (!theVpc.enableDnsSupport) {
    const finding = scratch.find('dns', 'vpc', theVpc.id, 'blocked', 'DNS_RESOLUTION_FAILED', `${theVpc.id} has enableDnsSupport off and uses AmazonProvidedDNS, so ${host} does not resolve (DNS-2)`, { rule: 'enableDnsSupport=false', facts: { attribute: 'enableDnsSupport' } });
    return { kind: 'fail', finding, detail: finding.message };
  }
  const privateDns = candidates.filter((e) => e.privateDnsEnabled);
  const chosen = privateDns.find((e) => e.state === 'available') ?? privateDns[0];
  if (chosen) {
    // DNS-3: private DNS takes effect only with both VPC DNS attributes on.
    if (!theVpc.enableDnsHostnames) {
      const preface = scratch.find('dns', 'vpc', theVpc.id, 'blocked', 'PRIVATE_DNS_INEFFECTIVE', `${chosen.id} has private DNS on, but ${theVpc.id} has enableDnsHostnames off, so ${host} resolves to public addresses instead of the endpoint (DNS-3)`, { rule: 'enableDnsHostnames=false', facts: { attribute: 'enableDnsHostnames', target: chosen.id } });
      return { kind: 'answer', answer: { kind: 'public' }, preface, detail: `${host} → public addresses (private DNS of ${chosen.id} is ineffective)`, notes: [] };
    }
    // VPCE-4: only an available endpoint serves traffic.
    if (chosen.state !== 'available') {
      const pending = NOT_YET.has(chosen.state);
      const finding = scratch.find('dns', 'vpc-endpoint', chosen.id, pending ? 'unknown' : 'blocked', 'VPCE_STATE', `${chosen.id} (${chosen.serviceName}) is ${chosen.state}; ${pending ? 'it does not serve traffic until it is available' : 'it does not serve traffic'} (VPCE-4)`, { rule: `state ${chosen.state}`, facts: { target: chosen.id } });
      return { kind: 'fail', finding, detail: finding.message };
    }
    return { kind: 'answer', answer: { kind: 'endpoint', endpoint: chosen }, preface: undefined, detail: `${host} → ${chosen.id} (private DNS)`, notes: [] };
  }
  // DNS-4: no effective private DNS → public addresses; an endpoint without private DNS is unused.
  const unused = candidates[0];
  if (unused) {
    const preface = scratch.find('dns', 'vpc-endpoint', unused.id, 'blocked', 'PRIVATE_DNS_DISABLED', `${unused.id} (${unused.serviceName}) has private DNS off, so ${host} resolves to public addresses and the endpoint is not used (DNS-4)`, { rule: 'PrivateDnsEnabled=false', facts: { target: unused.id } });
    return { kind: 'answer', answer: { kind: 'public' }, preface, detail: `${host} → public addresses (${unused.id} has private DNS off)`, notes: [`${unused.id} is not used: its private DNS is off.`] };
  }
  return { kind: 'answer', answer: { kind: 'public' }, preface: undefined, detail: `${host} → public addresses (no interface endpoint for ${service} in ${theVpc.id})`, notes: [] };
}
