import type { ExplainedCheck, ExplainedInstance, Summary } from '../explain/report.ts';
import type { Hop, Verdict } from '../eval/types.ts';
import type { Warning } from '../model/types.ts';
import { sourceLabel } from './common.ts';
import type { SourceInfo } from './json.ts';
import type { Style } from './style.ts';

const MARK: Record<Verdict, string> = { reachable: '✓', blocked: '✗', partial: '◐', unknown: '?' };
const HOP_MARK: Record<Hop['decision'], string> = { pass: '✓', block: '✗', partial: '◐', unknown: '?', skip: '·' };

export interface TextOptions {
  style: Style;
  /** Show every hop of every check, not just failing ones. */
  allPaths: boolean;
  /** Show every warning instead of a count. */
  verbose: boolean;
}

export function* renderText(source: SourceInfo, instances: Iterable<ExplainedInstance>, warnings: readonly Warning[], summary: () => Summary, options: TextOptions): Generator<string> {
  const s = options.style;
  const where = sourceLabel(source);
  yield `${s.bold('ssm-reach')} ${s.dim(`· ${where} · ${source.region ?? 'region unknown'}`)}\n`;
  for (const instance of instances) yield renderInstance(instance, options);
  const sum = summary();
  if (sum.instances === 0) yield `\nNo instances to check (only running instances are checked by default; add --all or --instance ID).\n`;
  if (warnings.length > 0) {
    if (options.verbose) {
      yield `\n${s.yellow(`Warnings (${warnings.length}):`)}\n`;
      for (const warning of warnings) yield `  ${s.yellow('!')} ${warning.message}\n`;
    } else {
      yield `\n${s.dim(`${warnings.length} warning${warnings.length === 1 ? '' : 's'} about the input (defaults applied, duplicates); --verbose lists them.`)}\n`;
    }
  }
  const parts = [
    s.green(`${sum.reachable} reachable`),
    (sum.blocked ? s.red : s.dim)(`${sum.blocked} blocked`),
    (sum.partial ? s.yellow : s.dim)(`${sum.partial} partial`),
    (sum.unknown ? s.magenta : s.dim)(`${sum.unknown} unknown`),
  ];
  yield `\n${s.bold('Summary')}: ${sum.instances} instance${sum.instances === 1 ? '' : 's'}, ${sum.checks} checks: ${parts.join(', ')}.\n`;
}

function renderInstance(instance: ExplainedInstance, options: TextOptions): string {
  const s = options.style;
  const r = instance.result;
  const lines: string[] = [''];
  lines.push(`${s.bold(r.instanceId)}${r.name ? ` (${r.name})` : ''} ${s.dim(`· ${r.subnetId} · ${r.vpcId}${r.state === 'running' ? '' : ` · ${r.state}`}`)}`);
  for (const warning of r.warnings) lines.push(`  ${s.yellow('!')} ${warning}`);
  const shown = new Map<string, string>();
  // Notes every service check shares (say, unknown DNS servers) are printed once per instance.
  const counts = new Map<string, number>();
  for (const check of instance.checks) for (const note of new Set(check.result.notes)) counts.set(note, (counts.get(note) ?? 0) + 1);
  const shared = new Set([...counts].filter(([, n]) => n > 1).map(([note]) => note));
  const own = (notes: readonly string[]) => notes.filter((note) => !shared.has(note));
  for (const check of instance.checks) {
    const c = check.result;
    const colour = verdictColour(s, c.verdict);
    const name = c.check.padEnd(13);
    if (c.verdict === 'reachable') {
      lines.push(`  ${colour(MARK.reachable)} ${name}${colour('reachable')} ${s.dim(`via ${c.via}`)}`);
      for (const note of own(c.notes)) lines.push(`      ${s.dim(`note: ${note}`)}`);
      if (options.allPaths) lines.push(...pathLines(check, s));
      continue;
    }
    const blocking = check.blockingHop;
    lines.push(`  ${colour(MARK[c.verdict])} ${name}${colour(c.verdict)}${blocking ? ` at ${s.bold(blocking.resourceId)} ${s.dim(`(${blocking.code})`)}` : ''}`);
    const signature = JSON.stringify([check.blockers.map((b) => [b.code, b.resourceId]), check.fix]);
    const same = shown.get(signature);
    if (same) {
      lines.push(`      ${s.dim(`same blockers and fix as ${same}`)}`);
      continue;
    }
    shown.set(signature, c.check);
    if (blocking) lines.push(`      ${blocking.message}`);
    lines.push(...pathLines(check, s));
    const also = new Set(check.blockers.slice(1).map((blocker) => `${blocker.message} ${s.dim(`(${blocker.code})`)}`));
    also.delete(`${blocking?.message} ${s.dim(`(${blocking?.code})`)}`);
    for (const line of also) lines.push(`      ${s.dim('also:')} ${line}`);
    for (const fix of check.fix) lines.push(`      ${s.green('fix:')} ${fix}`);
    for (const note of own(c.notes)) lines.push(`      ${s.dim(`note: ${note}`)}`);
  }
  for (const note of shared) lines.push(`  ${s.dim(`note: ${note}`)}`);
  return `${lines.join('\n')}\n`;
}

/** The decisive path hop by hop, the first failing hop marked. */
function pathLines(check: ExplainedCheck, s: Style): string[] {
  const c = check.result;
  const path = c.paths.find((p) => p.verdict !== 'reachable') ?? c.paths[0];
  if (!path) return [];
  const lines = [`      ${s.dim(`path to ${path.target}:`)}`];
  let marked = false;
  for (const hop of path.hops) {
    const failing = hop.decision === 'block' || hop.decision === 'partial' || hop.decision === 'unknown';
    const mark = hop.decision === 'pass' ? s.green(HOP_MARK.pass) : hop.decision === 'block' ? s.red(HOP_MARK.block) : hop.decision === 'partial' ? s.yellow(HOP_MARK.partial) : s.magenta(HOP_MARK[hop.decision]);
    const where = `${hop.leg === 'return' ? 'return ' : ''}${hop.kind}${hop.direction ? ` ${hop.direction}` : ''}`;
    const pointer = failing && !marked ? `  ${hop.decision === 'unknown' ? s.magenta('◀ undecided here') : hop.decision === 'partial' ? s.yellow('◀ partly blocks here') : s.red('◀ blocks here')}` : '';
    if (failing) marked = true;
    lines.push(`        ${mark} ${where.padEnd(30)} ${hop.resourceId.padEnd(22)} ${s.dim(shorten(hop.detail, 90))}${pointer}`);
  }
  if (c.paths.length > 1) lines.push(`      ${s.dim(`(${c.paths.length} paths: ${c.paths.map((p) => `${p.target} ${p.verdict}`).join('; ')})`)}`);
  return lines;
}

function verdictColour(s: Style, verdict: Verdict): (text: string) => string {
  return verdict === 'reachable' ? s.green : verdict === 'blocked' ? s.red : verdict === 'partial' ? s.yellow : s.magenta;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
