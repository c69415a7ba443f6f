import { Box, Text } from 'ink';
import type { Finding, Hop, PathResult, Verdict } from '../../eval/types.ts';
import type { ExplainedCheck } from '../../explain/report.ts';
import { fixFor } from '../../explain/fix.ts';
import type { InstanceRow } from '../evaluation.ts';
import type { Colour } from '../hooks/use-theme.ts';
import { dim, tint, useTheme, verdictTint } from '../hooks/use-theme.ts';
import { DECISION_VERDICT, HOP_MARK, POINTER, VERDICT_MARK, hopLabel } from '../marks.ts';
import { fit, truncate, windowStart, wrap } from '../text.ts';

export interface PathViewProps {
  row: InstanceRow;
  check: ExplainedCheck;
  pathIndex: number;
  hopIndex: number;
  /** The snapshot's verdict when the edits changed it. */
  was: Verdict | undefined;
  subnetCidr: string | undefined;
  width: number;
  height: number;
}

/** Failing paths first, so the path shown first is the one that explains the verdict. */
export function orderedPaths(check: ExplainedCheck): PathResult[] {
  const paths = check.result.paths;
  return [...paths.filter((p) => p.verdict !== 'reachable'), ...paths.filter((p) => p.verdict === 'reachable')];
}

export const isFailing = (hop: Hop) => hop.decision === 'block' || hop.decision === 'partial' || hop.decision === 'unknown';

/** The finding behind a hop that did not pass (same resource, leg and direction; a DNS hop's DNS finding). */
export function findingOf(path: PathResult, hop: Hop, all: readonly Finding[] = path.findings): Finding | undefined {
  if (!isFailing(hop)) return undefined;
  return (
    all.find((f) => f.resourceId === hop.resourceId && f.leg === hop.leg && (f.direction ?? undefined) === (hop.direction ?? undefined)) ??
    all.find((f) => f.resourceId === hop.resourceId) ??
    (hop.leg === 'dns' ? all.find((f) => f.leg === 'dns') : undefined)
  );
}

/**
 * The hop the path is decided at: the first that blocks when the path is blocked (an undecided
 * DNS answer before it does not decide a blocked path), else the first that did not pass.
 */
export function blockingHopIndex(path: PathResult): number {
  const decisive = path.verdict === 'blocked' ? 'block' : path.verdict === 'partial' ? 'partial' : undefined;
  const index = decisive ? path.hops.findIndex((hop) => hop.decision === decisive) : -1;
  return index >= 0 ? index : path.hops.findIndex(isFailing);
}

type PathLine = { kind: 'hop'; index: number } | { kind: 'fix'; text: string };

/** A check's path hop by hop: the decision and what decided it, the blocking hop marked, its fix under it. */
export function PathView({ row, check, pathIndex, hopIndex, was, subnetCidr, width, height }: PathViewProps) {
  const theme = useTheme();
  const c = check.result;
  const paths = orderedPaths(check);
  const path = paths[Math.min(pathIndex, paths.length - 1)];
  const header = (
    <>
      <Text wrap="truncate-end">
        <Text bold>{row.id}</Text>
        {row.name ? ` (${row.name})` : ''}
        {' › '}
        <Text bold>{c.check}</Text>
        <Text {...dim(theme)}>{` → ${c.destination.host}:${c.destination.port}`}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text {...verdictTint(theme, c.verdict)}>{`${VERDICT_MARK[c.verdict]} ${c.verdict}`}</Text>
        {` via ${c.via}`}
        {was ? <Text {...tint(theme, 'cyan')}>{` (* was ${was})`}</Text> : ''}
        <Text {...dim(theme)}>{path ? ` · path ${Math.min(pathIndex, paths.length - 1) + 1}/${paths.length}${paths.length > 1 ? ' (n/p)' : ''} to ${path.target}` : ' · no path'}</Text>
      </Text>
    </>
  );
  if (!path) {
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        {header}
      </Box>
    );
  }
  const labelWidth = Math.min(14, Math.max(4, ...path.hops.map((h) => hopLabel(h).length)));
  const idWidth = Math.min(24, Math.max(8, ...path.hops.map((h) => h.resourceId.length)));
  const detailWidth = Math.max(10, width - 4 - labelWidth - 1 - idWidth - 1);
  const blocking = blockingHopIndex(path);
  const lines: PathLine[] = [];
  path.hops.forEach((hop, index) => {
    lines.push({ kind: 'hop', index });
    if (index === blocking) {
      const finding = findingOf(path, hop);
      if (finding) for (const text of wrap(`fix: ${fixFor(finding, { instanceId: row.id, subnetCidr })}`, width - 6)) lines.push({ kind: 'fix', text });
    }
  });
  const selected = Math.min(hopIndex, path.hops.length - 1);
  const selectedHop = path.hops[selected];
  const details = selectedHop ? hopDetails(path, selectedHop, width, c.findings) : [];
  const extras = [...(paths.length > 1 ? pathsLine(paths, width) : []), ...warningLines(check, row, path, width)];
  // Rows: 2 header + 1 column heading + path lines, then a gap and the details (at least 3 rows of them).
  const below = details.length + extras.length;
  const minBelow = Math.min(below, 3);
  const pathRoom = Math.max(1, Math.min(lines.length, height - 3 - (minBelow ? minBelow + 1 : 0)));
  const cursorLine = lines.findIndex((line) => line.kind === 'hop' && line.index === selected);
  const start = windowStart(cursorLine, lines.length, pathRoom);
  const shown = lines.slice(start, start + pathRoom);
  const bottom = [...details, ...extras].slice(0, Math.max(0, height - 3 - shown.length - 1));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {header}
      <Text wrap="truncate-end" {...dim(theme)} bold>
        {`    ${fit('hop', labelWidth)} ${fit('resource', idWidth)} ${lines.length > pathRoom ? `decided by (${start + 1}–${start + shown.length} of ${lines.length} rows)` : 'decided by'}`}
      </Text>
      {shown.map((line, i) => {
        if (line.kind === 'fix') {
          return (
            <Text key={`fix-${i}`} wrap="truncate-end" {...tint(theme, 'green')}>
              {`      ${line.text}`}
            </Text>
          );
        }
        const hop = path.hops[line.index]!;
        const isSelected = line.index === selected;
        const verdict = DECISION_VERDICT[hop.decision];
        const pointer = line.index === blocking ? POINTER[hop.decision] : undefined;
        const detail = truncate(hop.detail, Math.max(4, detailWidth - (pointer ? pointer.length + 1 : 0)));
        return (
          <Text key={`hop-${line.index}`} wrap="truncate-end" inverse={isSelected} bold={line.index === blocking}>
            {isSelected ? '› ' : '  '}
            <Text {...(verdict ? verdictTint(theme, verdict) : dim(theme))}>{HOP_MARK[hop.decision]}</Text> {fit(hopLabel(hop), labelWidth)} {fit(hop.resourceId, idWidth)}{' '}
            {detail}
            {pointer ? <Text {...(verdict ? verdictTint(theme, verdict) : {})}>{` ${pointer}`}</Text> : ''}
          </Text>
        );
      })}
      {bottom.length > 0 ? <Text> </Text> : null}
      {bottom.map((line, i) => (
        <Text key={`d-${i}`} wrap="truncate-end" {...(line.tone === 'dim' ? dim(theme) : line.tone ? tint(theme, line.tone) : {})}>
          {line.text || ' '}
        </Text>
      ))}
    </Box>
  );
}

interface DetailLine {
  text: string;
  tone?: Colour | 'dim';
}

function push(lines: DetailLine[], text: string, width: number, tone?: DetailLine['tone'], indent = '  '): void {
  wrap(text, width - indent.length).forEach((piece, i) => lines.push(tone ? { text: `${i === 0 ? '' : indent}${piece}`, tone } : { text: `${i === 0 ? '' : indent}${piece}` }));
}

/** The hop under the cursor in full: what decided it, and the finding when it did not pass. */
function hopDetails(path: PathResult, hop: Hop, width: number, checkFindings: readonly Finding[]): DetailLine[] {
  const lines: DetailLine[] = [];
  push(lines, `${hopLabel(hop)} ${hop.resourceId}: ${hop.detail}`, width, 'dim');
  const finding = findingOf(path, hop) ?? findingOf(path, hop, checkFindings);
  if (finding) push(lines, `${finding.code}: ${finding.message}`, width, finding.severity === 'blocked' ? 'red' : finding.severity === 'partial' ? 'yellow' : 'magenta');
  return lines;
}

/** With several paths (one per endpoint address, or per public address range): each one's verdict. */
function pathsLine(paths: PathResult[], width: number): DetailLine[] {
  const lines: DetailLine[] = [];
  push(lines, `${paths.length} paths: ${paths.map((p, i) => `${i + 1}. ${p.target} ${p.verdict}`).join('; ')}`, width, 'dim');
  return lines;
}

/** Warnings and unknowns with their reasons: findings that are not plain blocks, notes, instance warnings. */
function warningLines(check: ExplainedCheck, row: InstanceRow, path: PathResult, width: number): DetailLine[] {
  const lines: DetailLine[] = [];
  const seen = new Set<string>();
  for (const finding of check.result.findings) {
    if (finding.severity === 'blocked') continue;
    const text = `${finding.severity === 'partial' ? '◐' : '?'} ${finding.resourceId}: ${finding.message} (${finding.code})`;
    if (seen.has(text)) continue;
    seen.add(text);
    push(lines, text, width, finding.severity === 'partial' ? 'yellow' : 'magenta');
  }
  for (const note of check.result.notes) push(lines, `note: ${note}`, width, 'dim');
  for (const warning of row.explained.result.warnings) push(lines, `! ${warning}`, width, 'yellow');
  return lines;
}
