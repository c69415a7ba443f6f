import { Box, Text } from 'ink';
import type { CheckName } from '../../eval/types.ts';
import { CHECKS } from '../../eval/types.ts';
import type { Changes, InstanceRow } from '../evaluation.ts';
import { dim, tint, useTheme, verdictTint } from '../hooks/use-theme.ts';
import { CHECK_HEADING, VERDICT_MARK } from '../marks.ts';
import { fit, windowStart } from '../text.ts';

export interface InstanceListProps {
  rows: readonly InstanceRow[];
  /** How many instances there are before the filter. */
  total: number;
  selectedId: string | undefined;
  changes: Changes;
  width: number;
  height: number;
}

const CELL = 5;

interface Columns {
  name: number;
  id: number;
  subnet: number;
  vpc: number;
  problem: number;
}

/** Widths that fit: ids and subnets whole, the name what is left (wider terminals add columns). */
export function listColumns(rows: readonly InstanceRow[], width: number): Columns {
  const longest = (values: string[], min: number, max: number) => Math.min(max, Math.max(min, ...values.map((v) => v.length)));
  const id = longest(rows.map((r) => r.id), 11, 21);
  let subnet = longest(rows.map((r) => r.subnetId), 8, 24);
  const checks = CHECKS.length * CELL;
  const fixed = 2 + id + 1 + subnet + 1 + checks;
  let name = longest(rows.map((r) => r.name), 4, 24);
  let spare = width - fixed - 1;
  if (spare < name) {
    name = Math.max(6, spare);
    spare = width - fixed - 1;
    if (spare < name) subnet = Math.max(8, subnet - (name - spare));
    return { name, id, subnet, vpc: 0, problem: 0 };
  }
  spare -= name;
  const vpc = spare >= 60 ? longest(rows.map((r) => r.vpcId), 8, 21) + 1 : 0;
  spare -= vpc;
  const problem = spare >= 24 ? spare : 0;
  if (problem === 0) name += spare;
  return { name, id, subnet, vpc, problem };
}

/** Which rows the list shows (`43–71 of 976`), for the status line; empty when all fit. */
export function listPosition(count: number, cursor: number, height: number): string {
  const visible = Math.max(1, height - 1);
  if (count <= visible) return '';
  const start = windowStart(Math.max(0, cursor), count, visible);
  return `rows ${start + 1}–${Math.min(count, start + visible)} of ${count}`;
}

/** The first screen: every instance, broken first, one mark per check. */
export function InstanceList({ rows, total, selectedId, changes, width, height }: InstanceListProps) {
  const theme = useTheme();
  const columns = listColumns(rows, width);
  const visible = Math.max(1, height - 1);
  const cursor = Math.max(0, rows.findIndex((row) => row.id === selectedId));
  const start = windowStart(cursor, rows.length, visible);
  const shown = rows.slice(start, start + visible);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end" {...dim(theme)} bold>
        {`  ${fit('name', columns.name)} ${fit('instance', columns.id)} ${fit('subnet', columns.subnet)} ${CHECKS.map((c) => fit(CHECK_HEADING[c], CELL)).join('')}${columns.vpc ? fit('vpc', columns.vpc) : ''}${columns.problem ? fit('first problem', columns.problem) : ''}`}
      </Text>
      {rows.length === 0 ? (
        <Text wrap="truncate-end">{total === 0 ? '  No instances to show (only running instances are listed; --all adds the rest).' : '  No instance matches the filter (esc clears it).'}</Text>
      ) : null}
      {shown.map((row) => {
        const selected = row.id === selectedId;
        const changed = changes.get(row.id);
        return (
          <Text key={row.id} wrap="truncate-end" inverse={selected}>
            {selected ? '› ' : '  '}
            {fit(row.name || '-', columns.name)} {fit(row.id, columns.id)} {fit(row.subnetId, columns.subnet)}{' '}
            {CHECKS.map((check) => (
              <Cell key={check} row={row} check={check} changed={changed?.[check] !== undefined} />
            ))}
            {columns.vpc ? fit(row.vpcId, columns.vpc) : ''}
            {columns.problem ? <Text {...verdictTint(theme, row.worst)}>{fit(firstProblem(row), columns.problem)}</Text> : ''}
          </Text>
        );
      })}
      {rows.length < visible && rows.some((row) => changes.has(row.id)) ? <Text wrap="truncate-end" {...tint(theme, 'cyan')}>{'  * verdict changed by your edits'}</Text> : null}
    </Box>
  );
}

function Cell({ row, check, changed }: { row: InstanceRow; check: CheckName; changed: boolean }) {
  const theme = useTheme();
  const verdict = row.verdicts[check];
  return (
    <>
      <Text {...verdictTint(theme, verdict)}>{VERDICT_MARK[verdict]}</Text>
      <Text {...tint(theme, 'cyan')}>{changed ? '*' : ' '}</Text>
      {' '.repeat(CELL - 2)}
    </>
  );
}

function firstProblem(row: InstanceRow): string {
  const check = row.explained.checks.find((c) => c.result.verdict !== 'reachable');
  if (!check) return 'all reachable';
  const at = check.blockingHop ? ` at ${check.blockingHop.resourceId}` : '';
  return `${check.result.check} ${check.result.verdict}${at}`;
}
