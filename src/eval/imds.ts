import type { Instance, MetadataOptions } from '../model/types.ts';
import type { CheckResult, Hop } from './types.ts';
import { Walk } from './walk.ts';
import { verdictOf } from './types.ts';

const DESTINATION = { host: '169.254.169.254', port: 80, protocol: 'tcp' } as const;
const TARGET = '169.254.169.254:80';

/** The parts of an enabled endpoint's result that depend on the options alone, by options. */
const enabledParts = new Map<string, { detail: string; notes: string[] }>();

/**
 * IMDS-1..6: the metadata service is link-local on the instance's own host. Security groups,
 * NACLs and routes never apply (SG-10, RT-6); only MetadataOptions decide.
 */
export function evaluateImds(instance: Instance): CheckResult {
  const options = instance.metadata;
  if (options.httpEndpoint !== 'disabled') {
    // Every instance of a fleet asks this; only the hop's resource id is its own.
    const parts = partsOf(options);
    const hops: Hop[] = [{ leg: 'host', kind: 'instance', resourceId: instance.id, decision: 'pass', detail: parts.detail }];
    return { check: 'imds', destination: DESTINATION, verdict: 'reachable', via: 'link-local', findings: [], paths: [{ target: TARGET, verdict: 'reachable', via: 'link-local', hops, findings: [] }], notes: parts.notes };
  }
  const walk = new Walk();
  walk.find('host', 'instance', instance.id, 'blocked', 'IMDS_DISABLED', `${instance.id} has the instance metadata endpoint disabled (HttpEndpoint=disabled); the SSM Agent cannot get its identity, Region or credentials (IMDS-2, IMDS-9)`, { rule: 'HttpEndpoint=disabled', facts: { instanceId: instance.id } });
  const verdict = verdictOf(walk.findings);
  return {
    check: 'imds',
    destination: DESTINATION,
    verdict,
    via: 'link-local',
    findings: walk.findings,
    paths: [{ target: TARGET, verdict, via: 'link-local', hops: walk.hops, findings: walk.findings }],
    notes: commonNotes(options),
  };
}

function partsOf(options: MetadataOptions): { detail: string; notes: string[] } {
  const key = JSON.stringify([options.httpTokens, options.hopLimit, options.state, options.assumed]);
  let parts = enabledParts.get(key);
  if (!parts) {
    const notes: string[] = [];
    if (options.hopLimit < 2 && options.httpTokens === 'required') {
      notes.push(`Hop limit 1 with IMDSv2 required: processes in bridge-networked containers cannot get a token (IMDS-5).`);
    }
    notes.push(...commonNotes(options));
    if (options.httpTokens === 'optional') {
      notes.push('IMDSv1 is allowed (HttpTokens=optional); Default Host Management Configuration expects IMDSv2 (IMDS-8).');
    }
    parts = { detail: `HttpEndpoint=enabled${options.assumed ? ' (assumed: MetadataOptions absent)' : ''}, HttpTokens=${options.httpTokens}, hop limit ${options.hopLimit}`, notes };
    enabledParts.set(key, parts);
  }
  return parts;
}

function commonNotes(options: MetadataOptions): string[] {
  const notes: string[] = [];
  if (options.assumed) notes.push('MetadataOptions absent: assumed enabled, as AWS does at launch.');
  if (options.state === 'pending') notes.push('Metadata options change is pending; the current values were evaluated (IMDS-6).');
  return notes;
}
