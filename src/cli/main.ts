import { InputError } from '../load/input-error.ts';
import { checkCommand } from './check-command.ts';
import { demoCommand } from './demo-command.ts';
import { DIFF_HELP, diffCommand } from './diff-command.ts';
import { CHECK_HELP, DEMO_HELP, MAIN_HELP } from './help.ts';
import type { Io } from './io.ts';
import { processIo } from './io.ts';
import { SNAPSHOT_HELP, snapshotCommand } from './snapshot-command.ts';
import { TUI_HELP, tuiCommand } from './tui-command.ts';
import { UsageError } from './usage-error.ts';

type Command = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  check: { run: checkCommand, help: CHECK_HELP },
  demo: { run: demoCommand, help: DEMO_HELP },
  snapshot: { run: snapshotCommand, help: SNAPSHOT_HELP },
};

/** Register a command that lives in its own module (snapshot, diff, tui …). */
export function registerCommand(name: string, run: Command, help: string): void {
  COMMANDS[name] = { run, help };
}

registerCommand('tui', tuiCommand, TUI_HELP);
registerCommand('diff', diffCommand, DIFF_HELP);

/**
 * The whole CLI as a function: arguments in, exit code out. Errors become one line on stderr:
 * usage and input errors exit 2; anything else is our bug, reported without a stack trace.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? args[0] : undefined;
      io.stdout.write(topic && COMMANDS[topic] ? COMMANDS[topic].help : MAIN_HELP);
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run 'ssm-reach --help'.`);
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError) {
      io.stderr.write(`ssm-reach: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`ssm-reach: internal error: ${message.split('\n')[0]}. This is a bug; please report it with the command you ran (SSM_REACH_DEBUG=1 shows the stack).\n`);
    if (io.env['SSM_REACH_DEBUG']) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return 3;
  }
}

export const VERSION = '0.1.0';

