import type { Key } from 'ink';
import { useApp, useInput, useStdin } from 'ink';

/**
 * Keyboard input, only where raw mode works (`isRawModeSupported` is undefined under /dev/null,
 * which useInput would treat as active and then throw). A handler that throws ends the app with
 * the error instead of crashing with the terminal still in raw mode.
 */
export function useKeys(handler: (input: string, key: Key) => void): void {
  const { isRawModeSupported } = useStdin();
  const { exit } = useApp();
  useInput(
    (input, key) => {
      try {
        handler(input, key);
      } catch (error) {
        exit(error instanceof Error ? error : new Error(String(error)));
      }
    },
    { isActive: Boolean(isRawModeSupported) },
  );
}
