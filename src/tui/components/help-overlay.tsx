import { Box, Text } from 'ink';
import { dim, tint, useTheme } from '../hooks/use-theme.ts';
import { KEY_HELP, MARK_HELP } from '../keys.ts';
import { fit } from '../text.ts';

/** Every key, and what the marks mean. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const keyWidth = Math.max(...KEY_HELP.map((k) => k.keys.length)) + 2;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        Keys
      </Text>
      {KEY_HELP.map((k) => (
        <Text key={k.keys} wrap="truncate-end">
          {'  '}
          <Text {...tint(theme, 'cyan')}>{fit(k.keys, keyWidth)}</Text>
          {k.does}
        </Text>
      ))}
      <Text> </Text>
      <Text wrap="truncate-end" {...dim(theme)}>{MARK_HELP}</Text>
      <Text wrap="truncate-end" {...dim(theme)}>
        Edits are what-if only: nothing is changed in AWS.
      </Text>
    </Box>
  );
}
