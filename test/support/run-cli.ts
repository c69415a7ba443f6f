import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output (no TTY, so no colour, unless stderr is said to be one). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}, options: { stderrIsTTY?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (chunk: string | Uint8Array) => ((stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true) },
    stderr: { write: (chunk: string | Uint8Array) => ((stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true), isTTY: options.stderrIsTTY ?? false },
    env,
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export async function runJson(argv: string[]): Promise<{ code: number; json: any; stderr: string }> {
  const run = await runCli([...argv, '--output', 'json']);
  return { code: run.code, json: run.stdout ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
}
