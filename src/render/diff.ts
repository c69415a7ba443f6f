import type { ChangeKind, CheckChange, DiffResult } from '../explain/diff.ts';
import { stateText } from '../explain/diff.ts';
import type { ExplainedCheck } from '../explain/report.ts';
import { sourceLabel } from './common.ts';
import { githubAnnotation } from './github-annotations.ts';
import type { SourceInfo } from './json.ts';
import { renderJunit } from './junit.ts';
import { VERDICT_ICON, mermaidFlowchart } from './markdown.ts';
import type { Style } from './style.ts';

// `ssm-reach diff` output: text, json, markdown and junit, consistent with `check`. Checks of one
// instance that changed the same way are shown together.

export interface DiffSources {
  before: SourceInfo;
  after: SourceInfo;
  region: string | null;
}

const ORDER: ChangeKind[] = ['regression', 'added', 'changed', 'fixed', 'removed'];
const MARK: Record<ChangeKind, string> = { regression: '✗', added: '+', changed: '~', fixed: '✓', removed: '-' };

/** Changes of one instance with the same kind and the same before and after states. */
export interface ChangeGroup {
  kind: ChangeKind;
  breaking: boolean;
  changes: CheckChange[];
}

export function groupChanges(changes: readonly CheckChange[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const key = JSON.stringify([change.instanceId, change.kind, change.breaking, stateText(change.before), stateText(change.after), change.after?.fix ?? []]);
    const group = groups.get(key);
    if (group) group.changes.push(change);
    else groups.set(key, { kind: change.kind, breaking: change.breaking, changes: [change] });
  }
  return [...groups.values()].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

function label(change: CheckChange): string {
  return change.name ? `${change.instanceId} (${change.name})` : change.instanceId;
}

function summaryLine(result: DiffResult): string {
  const s = result.summary;
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return `${n(s.regressions, 'regression')}, ${s.fixed} fixed, ${s.changed} changed, ${s.added} added, ${s.removed} removed; ${n(s.unchanged, 'check')} unchanged`;
}

export function* renderDiffText(sources: DiffSources, result: DiffResult, options: { style: Style; annotate: boolean }): Generator<string> {
  const s = options.style;
  yield `${s.bold('ssm-reach diff')} ${s.dim(`· before: ${sourceLabel(sources.before)} · after: ${sourceLabel(sources.after)} · ${sources.region ?? 'region unknown'}`)}\n`;
  const groups = groupChanges(result.changes);
  if (groups.length === 0) yield `\nNo check changed.\n`;
  for (const group of groups) {
    const first = group.changes[0]!;
    const colour = group.breaking ? s.red : group.kind === 'fixed' ? s.green : group.kind === 'removed' ? s.dim : s.yellow;
    const checks = group.changes.map((c) => c.check).join(', ');
    yield `\n${colour(`${MARK[group.kind]} ${group.kind.padEnd(10)}`)} ${s.bold(label(first))}  ${checks}: ${stateText(first.before)} → ${colour(stateText(first.after))}\n`;
    const blocking = first.after?.blockingHop;
    if (blocking && first.kind !== 'removed') yield `      ${blocking.message}\n`;
    if (first.kind !== 'fixed' && first.kind !== 'removed') for (const fix of first.after?.fix ?? []) yield `      ${s.green('fix:')} ${fix}\n`;
  }
  yield `\n${s.bold('Diff')}: ${summaryLine(result)}.\n`;
  if (options.annotate) {
    for (const group of groups.filter((g) => g.breaking)) {
      const first = group.changes[0]!;
      const message = [`${stateText(first.before)} → ${stateText(first.after)}${first.after?.blockingHop ? `: ${first.after.blockingHop.message}` : ''}.`, ...(first.after?.fix ?? []).map((fix) => `Fix: ${fix}`)].join('\n');
      yield githubAnnotation('error', `ssm-reach ${group.kind}: ${label(first)} ${group.changes.map((c) => c.check).join(', ')}`, message);
    }
  }
}

export function* renderDiffJson(sources: DiffSources, result: DiffResult): Generator<string> {
  const state = (c: CheckChange['before']) => (c ? { verdict: c.verdict, via: c.via, blockingHop: c.blockingHop, fix: c.fix } : null);
  const body = {
    schemaVersion: 1,
    kind: 'diff',
    before: sources.before,
    after: sources.after,
    region: sources.region,
    changes: result.changes.map((c) => ({ instanceId: c.instanceId, name: c.name ?? null, check: c.check, change: c.kind, breaking: c.breaking, before: state(c.before), after: state(c.after) })),
    summary: result.summary,
  };
  yield `${JSON.stringify(body)}\n`;
}

export function* renderDiffMarkdown(sources: DiffSources, result: DiffResult, options: { maxCharts: number }): Generator<string> {
  const breaking = result.changes.filter((c) => c.breaking).length;
  const headline = breaking > 0 ? `${breaking} check${breaking === 1 ? '' : 's'} would lose Systems Manager` : result.changes.length === 0 ? 'no check changes' : 'no regressions';
  yield `## ssm-reach diff: ${headline}\n\n`;
  yield `before: ${sourceLabel(sources.before)} · after: ${sourceLabel(sources.after)} · ${sources.region ?? 'region unknown'} · ${summaryLine(result)}\n\n`;
  const groups = groupChanges(result.changes);
  if (groups.length > 0) {
    yield '| Change | Instance | Checks | Before | After |\n| --- | --- | --- | --- | --- |\n';
    for (const group of groups) {
      const first = group.changes[0]!;
      const icon = group.breaking ? '❌' : group.kind === 'fixed' ? '✅' : group.kind === 'removed' ? '➖' : '⚠️';
      const cell = (state: CheckChange['before']) => (state ? `${VERDICT_ICON[state.verdict]} ${stateText(state).replace(/ at (\S+)/, ' at `$1`')}` : 'absent');
      yield `| ${icon} ${group.kind} | \`${first.instanceId}\`${first.name ? ` ${first.name.replace(/\|/g, '\\|')}` : ''} | ${group.changes.map((c) => c.check).join(', ')} | ${cell(first.before)} | ${cell(first.after)} |\n`;
    }
    yield '\n';
  }
  let charts = 0;
  for (const group of groups.filter((g) => g.breaking || g.kind === 'changed')) {
    const first = group.changes[0]!;
    const check = first.afterCheck;
    const instance = result.after.find((i) => i.result.instanceId === first.instanceId);
    if (!check || !instance || check.result.verdict === 'reachable') continue;
    yield `### ${group.breaking ? '❌' : '⚠️'} \`${first.instanceId}\`${first.name ? ` (${first.name})` : ''}: ${group.changes.map((c) => c.check).join(', ')} ${check.result.verdict}\n\n`;
    const b = check.blockingHop;
    if (b) yield `At **\`${b.resourceId}\`** (${b.code}): ${b.message}.\n\n`;
    for (const fix of check.fix) yield `**Fix:** ${fix}\n\n`;
    const path = check.result.paths.find((p) => p.verdict !== 'reachable') ?? check.result.paths[0];
    if (path && charts < options.maxCharts) {
      charts++;
      yield `\`\`\`mermaid\n${mermaidFlowchart(instance, check, path)}\`\`\`\n\n`;
    }
  }
}

/**
 * JUnit for a diff: every check of the after state is a testcase; those that fail the pipeline
 * under --fail-on are failures (regression: the breaking changes; blocked: every failing check).
 */
export function* renderDiffJunit(sources: DiffSources, result: DiffResult, options: { failOn: 'regression' | 'blocked' | 'never'; strict: boolean }): Generator<string> {
  const breaking = new Set(result.changes.filter((c) => c.breaking).map((c) => `${c.instanceId}|${c.check}`));
  const source: SourceInfo = { ...sources.after, region: sources.region };
  const summary = () => ({ instances: 0, checks: 0, reachable: 0, blocked: 0, partial: 0, unknown: 0, instancesWithProblems: 0 });
  // --fail-on blocked: every failing check of the after state; otherwise only the checks that broke.
  const failing = options.failOn === 'blocked' ? undefined : (instanceId: string, check: ExplainedCheck) => breaking.has(`${instanceId}|${check.result.check}`);
  yield* renderJunit(source, result.after, [], summary, failing ? { strict: options.strict, failing } : { strict: options.strict });
}
