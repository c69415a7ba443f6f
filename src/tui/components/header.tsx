import { Box, Text } from 'ink';
import type { Summary } from '../../explain/report.ts';
import { dim, tint, useTheme } from '../hooks/use-theme.ts';

export interface HeaderProps {
  source: string;
  region: string | undefined;
  summary: Summary;
  edits: number;
  changed: number;
  width: number;
}

/** The top row: where the configuration comes from, the verdict counts, the edits. */
export function Header({ source, region, summary, edits, changed, width }: HeaderProps) {
  const theme = useTheme();
  const problems = summary.instancesWithProblems;
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text bold>ssm-reach</Text>
        <Text {...dim(theme)}>{` · ${source} · ${region ?? 'region unknown'} · `}</Text>
        {`${summary.instances} instance${summary.instances === 1 ? '' : 's'}, `}
        <Text {...tint(theme, problems ? 'red' : 'green')}>{`${problems} failing`}</Text>
        {edits > 0 ? <Text {...tint(theme, 'cyan')}>{` · ${edits} edit${edits === 1 ? '' : 's'}, ${changed} changed`}</Text> : ''}
      </Text>
    </Box>
  );
}
