import type { Instance } from '../model/types.ts';
import type { CheckResult } from './types.ts';
import { Walk } from './walk.ts';
import { verdictOf } from './types.ts';

/**
 * IMDS-1..6: the metadata service is link-local on the instance's own host. Security groups,
 * NACLs and routes never apply (SG-10, RT-6); only MetadataOptions decide.
 */
export function evaluateImds(instance: Instance): CheckResult {
  const walk = new Walk();
  const options = instance.metadata;
  const notes: string[] = [];
  if (options.httpEndpoint === 'disabled') {
    walk.find('host', 'instance', instance.id, 'blocked', 'IMDS_DISABLED', `${instance.id} has the instance metadata endpoint disabled (HttpEndpoint=disabled); the SSM Agent cannot get its identity, Region or credentials (IMDS-2, IMDS-9)`, { rule: 'HttpEndpoint=disabled', facts: { instanceId: instance.id } });
  } else {
    walk.hop('host', 'instance', instance.id, 'pass', `HttpEndpoint=enabled${options.assumed ? ' (assumed: MetadataOptions absent)' : ''}, HttpTokens=${options.httpTokens}, hop limit ${options.hopLimit}`);
    if (options.hopLimit < 2 && options.httpTokens === 'required') {
      notes.push(`Hop limit 1 with IMDSv2 required: processes in bridge-networked containers cannot get a token (IMDS-5).`);
    }
  }
  if (options.assumed) notes.push('MetadataOptions absent: assumed enabled, as AWS does at launch.');
  if (options.state === 'pending') notes.push('Metadata options change is pending; the current values were evaluated (IMDS-6).');
  if (options.httpTokens === 'optional' && options.httpEndpoint === 'enabled') {
    notes.push('IMDSv1 is allowed (HttpTokens=optional); Default Host Management Configuration expects IMDSv2 (IMDS-8).');
  }
  const verdict = verdictOf(walk.findings);
  return {
    check: 'imds',
    destination: { host: '169.254.169.254', port: 80, protocol: 'tcp' },
    verdict,
    via: 'link-local',
    findings: walk.findings,
    paths: [{ target: '169.254.169.254:80', verdict, via: 'link-local', hops: walk.hops, findings: walk.findings }],
    notes,
  };
}
