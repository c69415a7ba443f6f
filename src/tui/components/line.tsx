import { Text } from 'ink';
import type { ReactNode } from 'react';

/** One terminal row: never wraps, so screen heights are exact. */
export function Line({ children, inverse, bold }: { children?: ReactNode; inverse?: boolean; bold?: boolean }) {
  return (
    <Text wrap="truncate-end" inverse={inverse ?? false} bold={bold ?? false}>
      {children ?? ' '}
    </Text>
  );
}
