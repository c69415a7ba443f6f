// The real CLI entry, run with a time bound per input: a child process (node --import tsx) runs
// `main(argv, io)` for each input in turn; an input that takes longer than its bound is a hang:
// the child is killed (and replaced for the next input) and the run reports `timedOut`.
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import type { CliRun } from './run-cli.ts';

export type BoundedRun = (CliRun & { timedOut: false; ms: number }) | { timedOut: true; ms: number };

export class BoundedCli {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private next = 0;

  private start(): Promise<void> {
    const child = fork(new URL('./cli-child.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, NO_COLOR: '1' } });
    this.child = child;
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the CLI child exited (${code}) before it was ready`)));
    });
    return this.ready;
  }

  async run(argv: string[], timeoutMs: number): Promise<BoundedRun> {
    if (!this.child) await this.start();
    else await this.ready;
    const child = this.child!;
    const id = this.next++;
    const started = Date.now();
    return new Promise<BoundedRun>((resolve) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        child.kill('SIGKILL');
        this.child = undefined;
        resolve({ timedOut: true, ms: Date.now() - started });
      }, timeoutMs);
      const onMessage = (message: CliRun & { id: number; ms: number }) => {
        if (message.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve({ code: message.code, stdout: message.stdout, stderr: message.stderr, ms: message.ms, timedOut: false });
      };
      child.on('message', onMessage);
      child.send({ id, argv });
    });
  }

  close(): void {
    this.child?.kill();
    this.child = undefined;
  }
}
