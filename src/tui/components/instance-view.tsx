import { Box, Text } from 'ink';
import type { CheckName, Verdict } from '../../eval/types.ts';
import type { ExplainedCheck } from '../../explain/report.ts';
import type { InstanceRow } from '../evaluation.ts';
import { dim, tint, useTheme, verdictTint } from '../hooks/use-theme.ts';
import { VERDICT_MARK } from '../marks.ts';
import { fit, wrap } from '../text.ts';

export interface InstanceViewProps {
  row: InstanceRow;
  checkIndex: number;
  /** Checks whose verdict the edits changed, with the snapshot's verdict. */
  was: Partial<Record<CheckName, Verdict>> | undefined;
  width: number;
  height: number;
}

/** One instance: its four checks, and for the check under the cursor why and how to fix it. */
export function InstanceView({ row, checkIndex, was, width, height }: InstanceViewProps) {
  const theme = useTheme();
  const result = row.explained.result;
  const checks = row.explained.checks;
  const selected = checks[checkIndex];
  const detail = selected ? detailLines(selected, row, width) : [];
  const room = Math.max(0, height - 4 - checks.length);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>{row.id}</Text>
        {row.name ? ` (${row.name})` : ''}
        <Text {...dim(theme)}>{` · ${result.state} · ${result.region ?? 'region unknown'}`}</Text>
      </Text>
      <Text wrap="truncate-end" {...dim(theme)}>{`${row.subnetId} · ${row.vpcId}`}</Text>
      <Text> </Text>
      {checks.map((check, index) => {
        const c = check.result;
        const isSelected = index === checkIndex;
        const before = was?.[c.check];
        const summary = c.verdict === 'reachable' ? `reachable via ${c.via}` : `${c.verdict}${check.blockingHop ? ` at ${check.blockingHop.resourceId} (${check.blockingHop.code})` : ''}`;
        return (
          <Text key={c.check} wrap="truncate-end" inverse={isSelected}>
            {isSelected ? '› ' : '  '}
            <Text {...verdictTint(theme, c.verdict)}>{VERDICT_MARK[c.verdict]}</Text> {fit(c.check, 12)} <Text {...verdictTint(theme, c.verdict)}>{summary}</Text>
            {before ? <Text {...tint(theme, 'cyan')}>{`  * was ${before}`}</Text> : ''}
          </Text>
        );
      })}
      <Text> </Text>
      {detail.slice(0, room).map((line, index) => (
        <Text key={index} wrap="truncate-end" {...(line.tone === 'dim' ? dim(theme) : line.tone ? tint(theme, line.tone) : {})}>
          {line.text || ' '}
        </Text>
      ))}
    </Box>
  );
}

interface DetailLine {
  text: string;
  tone?: 'green' | 'red' | 'yellow' | 'magenta' | 'cyan' | 'dim';
}

/** Why the selected check has its verdict, its fix, and the warnings and unknowns with reasons. */
export function detailLines(check: ExplainedCheck, row: InstanceRow, width: number): DetailLine[] {
  const c = check.result;
  const lines: DetailLine[] = [];
  const add = (text: string, tone?: DetailLine['tone'], indent = '') => {
    for (const [i, piece] of wrap(text, width - indent.length).entries()) lines.push(tone ? { text: `${i === 0 ? '' : indent}${piece}`, tone } : { text: `${i === 0 ? '' : indent}${piece}` });
  };
  add(`${c.check} → ${c.destination.host}:${c.destination.port} · ${c.verdict} via ${c.via}`, 'dim');
  if (check.blockingHop) add(check.blockingHop.message, c.verdict === 'blocked' ? 'red' : c.verdict === 'partial' ? 'yellow' : 'magenta');
  for (const blocker of check.blockers.slice(1)) add(`also: ${blocker.message} (${blocker.code})`, undefined, '      ');
  for (const fix of check.fix) add(`fix: ${fix}`, 'green', '     ');
  for (const note of c.notes) add(`note: ${note}`, 'dim', '      ');
  for (const warning of row.explained.result.warnings) add(`! ${warning}`, 'yellow', '  ');
  return lines;
}
