import type { ExplainedCheck, ExplainedInstance, Summary } from '../explain/report.ts';
import type { Hop, PathResult, Verdict } from '../eval/types.ts';
import type { Warning } from '../model/types.ts';
import { decisivePath, failingGroups, instanceLabel, sourceLabel } from './common.ts';
import type { SourceInfo } from './json.ts';

// Markdown for pull-request comments and $GITHUB_STEP_SUMMARY: a summary table, then each failing
// path as a Mermaid flowchart (GitHub and GitLab render ```mermaid blocks), with blocker and fix.

export const VERDICT_ICON: Record<Verdict, string> = { reachable: '✅', blocked: '❌', partial: '⚠️', unknown: '❔' };

export interface MarkdownOptions {
  /** At most this many failing paths are drawn (a PR comment has a size limit); the rest are listed. */
  maxCharts: number;
}

export function* renderMarkdown(source: SourceInfo, instances: Iterable<ExplainedInstance>, warnings: readonly Warning[], summary: () => Summary, options: MarkdownOptions): Generator<string> {
  const all = [...instances];
  const sum = summary();
  const broken = all.filter((i) => i.checks.some((c) => c.result.verdict !== 'reachable'));
  const headline =
    sum.instances === 0
      ? 'no instances to check'
      : sum.blocked + sum.partial === 0
        ? sum.unknown === 0
          ? sum.instances === 1 ? 'the instance can reach Systems Manager' : `all ${sum.instances} instances can reach Systems Manager`
          : `no check is blocked; ${sum.unknown} cannot be decided from the configuration`
        : `${countOf(broken.filter((i) => i.checks.some((c) => c.result.verdict === 'blocked' || c.result.verdict === 'partial')).length, 'instance')} of ${sum.instances} cannot fully reach Systems Manager`;
  yield `## ssm-reach: ${headline}\n\n`;
  yield `${sourceLabel(source)} · ${source.region ?? 'region unknown'} · ${sum.checks} checks: ${sum.reachable} reachable, ${sum.blocked} blocked, ${sum.partial} partial, ${sum.unknown} unknown\n\n`;
  if (all.length > 0) {
    yield '| Instance | Name | ssm | ec2messages | ssmmessages | imds |\n| --- | --- | --- | --- | --- | --- |\n';
    for (const instance of all) {
      const r = instance.result;
      const cell = (name: string) => {
        const check = instance.checks.find((c) => c.result.check === name);
        if (!check) return '';
        const b = check.blockingHop;
        return `${VERDICT_ICON[check.result.verdict]} ${check.result.verdict}${b ? ` at \`${b.resourceId}\`` : ''}`;
      };
      yield `| \`${r.instanceId}\` | ${cellText(r.name ?? '')} | ${cell('ssm')} | ${cell('ec2messages')} | ${cell('ssmmessages')} | ${cell('imds')} |\n`;
    }
    yield '\n';
  }
  let charts = 0;
  for (const instance of broken) {
    for (const group of failingGroups(instance)) {
      const first = group[0]!;
      const names = group.map((c) => c.result.check).join(', ');
      yield `### ${VERDICT_ICON[first.result.verdict]} \`${instance.result.instanceId}\`${instance.result.name ? ` (${cellText(instance.result.name)})` : ''}: ${names} ${first.result.verdict}\n\n`;
      const b = first.blockingHop;
      if (b) yield `${capital(first.result.verdict)} at **\`${b.resourceId}\`** (${b.code}): ${b.message}.\n\n`;
      for (const other of first.blockers.slice(1)) yield `- also: ${other.message} (${other.code}, \`${other.resourceId}\`)\n`;
      if (first.blockers.length > 1) yield '\n';
      for (const fix of first.fix) yield `**Fix:** ${fix}\n\n`;
      const path = decisivePath(first);
      if (path && charts < options.maxCharts) {
        charts++;
        yield `\`\`\`mermaid\n${mermaidFlowchart(instance, first, path)}\`\`\`\n\n`;
      }
    }
  }
  if (warnings.length > 0) yield `<details><summary>${countOf(warnings.length, 'warning')} about the input</summary>\n\n${warnings.map((w) => `- ${cellText(w.message)}`).join('\n')}\n\n</details>\n`;
}

/**
 * The path hop by hop, left to right: the instance, each hop up to the one that decides (coloured
 * by its decision), then the destination, reached or crossed out.
 */
export function mermaidFlowchart(instance: ExplainedInstance, check: ExplainedCheck, path: PathResult): string {
  const lines = ['flowchart LR'];
  const node = (id: string, label: string, cls?: string) => lines.push(`  ${id}["${mermaidLabel(label)}"]${cls ? `:::${cls}` : ''}`);
  node('src', `${instanceLabel(instance)}\n${instance.result.subnetId}`, 'source');
  const stop = path.hops.findIndex((hop) => hop.decision === 'block' || hop.decision === 'partial' || hop.decision === 'unknown');
  const shown = stop >= 0 ? path.hops.slice(0, stop + 1) : path.hops;
  let previous = 'src';
  shown.forEach((hop, i) => {
    const id = `h${i}`;
    node(id, hopLabel(hop), CLASS[hop.decision]);
    lines.push(`  ${previous} --> ${id}`);
    previous = id;
  });
  const destination = `${check.result.destination.host}:${check.result.destination.port}`;
  node('dst', `${check.result.check}\n${destination}\n${path.target}`, check.result.verdict === 'reachable' ? 'pass' : 'target');
  lines.push(`  ${previous} ${stop >= 0 ? '--x' : '-->'} dst`);
  lines.push('  classDef source fill:#eef,stroke:#446');
  lines.push('  classDef pass fill:#e6ffed,stroke:#2a7');
  lines.push('  classDef block fill:#ffebe9,stroke:#c22,stroke-width:3px');
  lines.push('  classDef partial fill:#fff8c5,stroke:#b80,stroke-width:3px');
  lines.push('  classDef unknown fill:#f0f0f0,stroke:#777,stroke-dasharray:4');
  lines.push('  classDef target fill:#fff,stroke:#c22,stroke-dasharray:4');
  return `${lines.join('\n')}\n`;
}

const CLASS: Record<Hop['decision'], string> = { pass: 'pass', block: 'block', partial: 'partial', unknown: 'unknown', skip: 'unknown' };

function hopLabel(hop: Hop): string {
  const where = `${hop.leg === 'return' ? 'return ' : hop.leg === 'dns' ? 'DNS ' : ''}${hop.kind}${hop.direction ? ` ${hop.direction}` : ''}`;
  return `${where}\n${hop.resourceId}\n${shorten(hop.detail, 60)}`;
}

/** Mermaid labels: quotes and angle brackets as entity codes, newlines as <br/>. */
export function mermaidLabel(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, '<br/>');
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cellText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${plural(n)}`;
}
