// Render the TUI with ink-testing-library at a fixed size, type keys, read frames.
import { render } from 'ink-testing-library';
import { loadSnapshotPath } from '../../src/load/snapshot-files.ts';
import { buildModel } from '../../src/model/build-model.ts';
import type { Model } from '../../src/model/types.ts';
import type { TuiProps } from '../../src/tui/app.tsx';
import { TuiApp } from '../../src/tui/app.tsx';

export const DEMO_DIR = new URL('../../models/demo', import.meta.url).pathname;
export const BROKEN = 'i-0demobroken000001';
export const HEALTHY = 'i-0demohealthy00001';

export const KEY = { enter: '\r', escape: '\u001b', up: '\u001b[A', down: '\u001b[B', left: '\u001b[D', right: '\u001b[C', backspace: '\u007f', pageDown: '\u001b[6~' } as const;

export function demoModel(): Model {
  return buildModel(loadSnapshotPath(DEMO_DIR));
}

export interface Driven {
  /** The last frame, trailing spaces trimmed from each line. */
  frame(): string;
  /** Lines of the last frame. */
  lines(): string[];
  /** The last frame on one line (status messages wrap over two rows). */
  flat(): string;
  /** Type keys one write at a time, letting ink render after each. */
  press(...keys: string[]): Promise<void>;
  written: Map<string, string>;
  unmount(): void;
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

export async function renderTui(options: Partial<TuiProps> & { columns: number; rows: number }): Promise<Driven> {
  const model = options.model ?? demoModel();
  const written = new Map<string, string>();
  const props: TuiProps = {
    model,
    instanceIds: options.instanceIds ?? [...model.instances.keys()],
    source: options.source ?? 'models/demo',
    exportPath: options.exportPath ?? 'changes.json',
    checkArgs: options.checkArgs ?? '--snapshot models/demo',
    color: options.color ?? false,
    columns: options.columns,
    rows: options.rows,
    writeFile: options.writeFile ?? ((path, text) => written.set(path, text)),
  };
  const app = render(<TuiApp {...props} />);
  await tick(20);
  const frame = () => (app.lastFrame() ?? '').split('\n').map((line) => line.trimEnd()).join('\n');
  return {
    frame,
    lines: () => frame().split('\n'),
    flat: () => frame().replace(/\s*\n\s*/g, ' '),
    async press(...keys: string[]) {
      for (const key of keys) {
        app.stdin.write(key);
        // Let ink settle: a lone escape waits for its escape-sequence flush; re-renders and the
        // input listener's re-subscription run after the write. Wait until no new frame comes.
        await tick(key === KEY.escape ? 30 : 5);
        for (let count = app.frames.length, quiet = 0; quiet < 3; quiet++) {
          await tick(5);
          if (app.frames.length !== count) (count = app.frames.length), (quiet = 0);
        }
      }
    },
    written,
    unmount: () => app.unmount(),
  };
}
