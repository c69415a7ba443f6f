// The child half of bounded-cli.ts: runs the real CLI entry `main(argv, io)` in-process, one
// input at a time, as the parent asks over IPC.
import { runCli } from './run-cli.ts';

process.on('message', async (message: { id: number; argv: string[] }) => {
  const started = Date.now();
  try {
    const run = await runCli(message.argv);
    process.send!({ id: message.id, ...run, ms: Date.now() - started });
  } catch (error) {
    // main() must never throw; if it does, that is a finding, reported as such.
    process.send!({ id: message.id, code: -1, stdout: '', stderr: `main threw: ${(error as Error)?.stack ?? String(error)}`, ms: Date.now() - started });
  }
});
process.send!({ ready: true });
