import { Box, Text } from 'ink';
import { dim, tint, useTheme } from '../hooks/use-theme.ts';
import type { Edit } from '../state.ts';
import { windowStart } from '../text.ts';

export interface EditsViewProps {
  edits: readonly Edit[];
  editIndex: number;
  changed: number;
  exportPath: string;
  width: number;
  height: number;
}

/** The edit stack, oldest first: what each did, and where `e` writes them. */
export function EditsView({ edits, editIndex, changed, exportPath, width, height }: EditsViewProps) {
  const theme = useTheme();
  const visible = Math.max(1, height - 4);
  const start = windowStart(editIndex, edits.length, visible);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {`What-if edits (${edits.length}) · ${changed} instance${changed === 1 ? '' : 's'} with changed verdicts`}
      </Text>
      <Text wrap="truncate-end" {...dim(theme)}>{`e writes them to ${exportPath} for: ssm-reach check --what-if`}</Text>
      <Text> </Text>
      {edits.length === 0 ? (
        <Text wrap="truncate-end">{'  No edits yet: f applies a suggested fix, space toggles a rule, route or endpoint in the path view.'}</Text>
      ) : null}
      {edits.slice(start, start + visible).map((edit, i) => {
        const index = start + i;
        const selected = index === editIndex;
        return (
          <Text key={index} wrap="truncate-end" inverse={selected}>
            {selected ? '› ' : '  '}
            <Text {...tint(theme, 'cyan')}>{`${index + 1}. `}</Text>
            {edit.label}
          </Text>
        );
      })}
    </Box>
  );
}
