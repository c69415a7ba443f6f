// expected.json vocabulary: per instance, per check, the verdict, the first blocker and its code.

import type { Service } from './ids.ts';
import type { Snapshot } from './shapes.ts';

export type Verdict = 'reachable' | 'blocked' | 'partial' | 'unknown';
export type Check = Service | 'imds';

export interface CheckExpect { verdict: Verdict; blocking: string | null; code?: string }
export type InstanceExpect = Record<Check, CheckExpect>;

export interface Scenario {
  slug: string;
  title: string;
  rules: string[];
  source: string;
  snapshot: Snapshot;
  expect: Record<string, InstanceExpect>;
  /** ids the snapshot references on purpose without defining them (dangling-reference scenarios) */
  dangling?: string[];
  /** parts of a VPC left out on purpose (missing-data scenarios): 'main-route-table' */
  incomplete?: string[];
  /** optional remark written to expected.json (reasoning a reader would otherwise have to redo) */
  notes?: string;
}

export const reachable = (): CheckExpect => ({ verdict: 'reachable', blocking: null });
export const blocked = (blocking: string, code: string): CheckExpect => ({ verdict: 'blocked', blocking, code });
export const partial = (blocking: string, code: string): CheckExpect => ({ verdict: 'partial', blocking, code });
export const unknown = (blocking: string, code: string): CheckExpect => ({ verdict: 'unknown', blocking, code });

/** the three SSM flows share one expectation (or one per service); imds reachable unless given */
export function ssmFlows(flow: CheckExpect | ((service: Service) => CheckExpect), imds: CheckExpect = reachable()): InstanceExpect {
  const of = typeof flow === 'function' ? flow : () => ({ ...flow });
  return { ssm: of('ssm'), ec2messages: of('ec2messages'), ssmmessages: of('ssmmessages'), imds };
}

export const allReachable = (): InstanceExpect => ssmFlows(reachable());

/** per-flow expectations written out, for scenarios where the flows differ */
export function flows(ssm: CheckExpect, ec2messages: CheckExpect, ssmmessages: CheckExpect, imds: CheckExpect = reachable()): InstanceExpect {
  return { ssm, ec2messages, ssmmessages, imds };
}
