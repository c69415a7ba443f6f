import { preferShortRun, preferTwoThreads } from './jit.ts';

export interface OutputStream {
  write(chunk: string | Uint8Array): boolean;
  once?(event: 'drain' | 'close', listener: () => void): unknown;
  /** True once the stream can take no more (the reader of a pipe went away). */
  destroyed?: boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin?: { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Tune the JavaScript engine for a run of well under a second (cli/jit.ts); a real process only. */
  preferShortRun?: () => void;
  /** Tune it for two threads running JavaScript (cli/jit.ts); a real process only. */
  preferTwoThreads?: () => void;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), preferShortRun, preferTwoThreads };
}

const BATCH = 1 << 20;
/** Byte chunks from this size are written as they are. */
const PASS_THROUGH = 1 << 15;

/**
 * Write chunks (text, or UTF-8 bytes a renderer encoded once) in batches of about 1 MB, waiting
 * for the stream to drain when it asks. A batch never splits a chunk, so it is whole UTF-8.
 */
export async function writeChunks(stream: OutputStream, chunks: Iterable<string | Uint8Array>): Promise<void> {
  let batch = Buffer.allocUnsafe(BATCH);
  let used = 0;
  // A reader that went away (`ssm-reach check | head`) takes nothing more; the checks still
  // run to the end, so the exit code says what they found.
  let closed = false;
  let waiting: (() => void) | undefined;
  stream.once?.('close', () => {
    closed = true;
    waiting?.();
  });
  const send = async (bytes: Uint8Array) => {
    if (bytes.length === 0 || closed || stream.destroyed === true) return;
    if (!stream.write(bytes) && stream.once) {
      await new Promise<void>((resolve) => {
        waiting = resolve;
        stream.once!('drain', () => {
          waiting = undefined;
          resolve();
        });
      });
    }
  };
  const flush = async () => {
    if (used === 0) return;
    const full = batch.subarray(0, used);
    // The stream may keep the batch until it is written: the next one is a new buffer.
    batch = Buffer.allocUnsafe(BATCH);
    used = 0;
    await send(full);
  };
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      // At most 3 bytes of UTF-8 per UTF-16 unit.
      if (used + chunk.length * 3 > BATCH) await flush();
      if (chunk.length * 3 > BATCH) await send(Buffer.from(chunk));
      else used += batch.write(chunk, used);
    } else {
      if (used + chunk.length > BATCH) await flush();
      // A renderer's full buffer goes as it is: copying it into a batch gains nothing.
      if (chunk.length >= PASS_THROUGH) {
        await flush();
        await send(chunk);
      } else {
        batch.set(chunk, used);
        used += chunk.length;
      }
    }
  }
  await flush();
}
