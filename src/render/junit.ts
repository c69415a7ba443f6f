import type { ExplainedCheck, ExplainedInstance, Summary } from '../explain/report.ts';
import type { Warning } from '../model/types.ts';
import { decisivePath, instanceLabel, sourceLabel } from './common.ts';
import type { SourceInfo } from './json.ts';

// JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, GitHub test-report actions):
// one testsuite per instance, one testcase per check. Blocked and partial checks are failures
// carrying the blocker and the fix; unknown checks are skipped, or failures under --strict.

export interface JunitOptions {
  strict: boolean;
  /** Which not-reachable checks are failures (default: blocked, partial, and unknown under strict); the others are skipped. */
  failing?: (instanceId: string, check: ExplainedCheck) => boolean;
}

export function* renderJunit(source: SourceInfo, instances: Iterable<ExplainedInstance>, _warnings: readonly Warning[], _summary: () => Summary, options: JunitOptions): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ssm-reach" ${attr('source', sourceLabel(source))}>\n`;
  for (const instance of instances) yield suite(instance, options);
  yield '</testsuites>\n';
}

function suite(instance: ExplainedInstance, options: JunitOptions): string {
  const r = instance.result;
  const byVerdict = (check: ExplainedCheck) => check.result.verdict === 'blocked' || check.result.verdict === 'partial' || (options.strict && check.result.verdict === 'unknown');
  const failing = (check: ExplainedCheck) => check.result.verdict !== 'reachable' && (options.failing ? options.failing(r.instanceId, check) : byVerdict(check));
  const failures = instance.checks.filter(failing).length;
  const skipped = instance.checks.filter((c) => c.result.verdict !== 'reachable' && !failing(c)).length;
  const lines = [`  <testsuite ${attr('name', instanceLabel(instance))} tests="${instance.checks.length}" failures="${failures}" errors="0" skipped="${skipped}">`];
  lines.push(`    <properties>${[['instanceId', r.instanceId], ['vpcId', r.vpcId], ['subnetId', r.subnetId], ['region', r.region ?? '']].map(([k, v]) => `<property ${attr('name', k!)} ${attr('value', v!)}/>`).join('')}</properties>`);
  for (const check of instance.checks) {
    const c = check.result;
    const open = `    <testcase ${attr('classname', instanceLabel(instance))} ${attr('name', `${c.check} ${c.destination.host}:${c.destination.port}`)} time="0"`;
    if (c.verdict === 'reachable') {
      lines.push(`${open}/>`);
      continue;
    }
    const b = check.blockingHop;
    const summary = b ? `${c.verdict} at ${b.resourceId} (${b.code})` : c.verdict;
    const body = [
      b ? `${summary}: ${b.message}` : summary,
      ...check.blockers.slice(1).map((other) => `also: ${other.message} (${other.code})`),
      ...check.fix.map((fix) => `fix: ${fix}`),
      ...pathLines(check),
    ].join('\n');
    if (failing(check)) {
      lines.push(`${open}>`, `      <failure ${attr('message', summary)} ${attr('type', b?.code ?? c.verdict)}>${text(body)}</failure>`, '    </testcase>');
    } else {
      lines.push(`${open}>`, `      <skipped ${attr('message', `${summary}: ${b?.message ?? ''}`)}/>`, `      <system-out>${text(body)}</system-out>`, '    </testcase>');
    }
  }
  lines.push('  </testsuite>');
  return `${lines.join('\n')}\n`;
}

function pathLines(check: ExplainedCheck): string[] {
  const path = decisivePath(check);
  if (!path) return [];
  return [`path to ${path.target}:`, ...path.hops.map((hop) => `  ${hop.decision.padEnd(7)} ${hop.leg === 'return' ? 'return ' : ''}${hop.kind}${hop.direction ? ` ${hop.direction}` : ''} ${hop.resourceId}: ${hop.detail}`)];
}

function attr(name: string, value: string): string {
  return `${name}="${escape(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;')}"`;
}

function text(value: string): string {
  return escape(value);
}

function escape(value: string): string {
  // XML 1.0 forbids most control characters even when escaped.
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
