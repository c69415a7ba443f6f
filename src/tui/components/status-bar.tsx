import { Box, Text } from 'ink';
import { dim, tint, useTheme } from '../hooks/use-theme.ts';
import { wrap } from '../text.ts';

export interface StatusBarProps {
  message: string | undefined;
  filter: string;
  filtering: boolean;
  hints: string;
  /** Where the list is scrolled to, shown when there is nothing else to say. */
  position?: string;
  width: number;
}

/** Three rows at the bottom: the filter or the last message (two rows), then the keys of this screen. */
export function StatusBar({ message, filter, filtering, hints, position, width }: StatusBarProps) {
  const theme = useTheme();
  const lines = message ? wrap(message, width) : [];
  if (lines.length > 2) lines[1] = `${lines[1]} ${lines.slice(2).join(' ')}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        {filtering ? (
          <>
            <Text {...tint(theme, 'cyan')}>/</Text>
            {filter}
            <Text inverse> </Text>
            <Text {...dim(theme)}>{'  enter keeps · esc clears'}</Text>
          </>
        ) : message ? (
          <Text {...tint(theme, 'cyan')}>{lines[0]}</Text>
        ) : filter ? (
          <Text {...dim(theme)}>{`filter: ${filter} (esc clears, / edits)${position ? ` · ${position}` : ''}`}</Text>
        ) : position ? (
          <Text {...dim(theme)}>{position}</Text>
        ) : (
          ' '
        )}
      </Text>
      <Text wrap="truncate-end" {...tint(theme, 'cyan')}>
        {!filtering && message ? (lines[1] ?? ' ') : ' '}
      </Text>
      <Text wrap="truncate-end" {...dim(theme)}>
        {hints}
      </Text>
    </Box>
  );
}
