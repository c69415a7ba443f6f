export interface OutputStream {
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin?: { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Write chunks in batches of about 1 MB, waiting for the stream to drain when it asks. */
export async function writeChunks(stream: OutputStream, chunks: Iterable<string>): Promise<void> {
  let buffer = '';
  const flush = async () => {
    if (buffer === '') return;
    const ok = stream.write(buffer);
    buffer = '';
    if (!ok && stream.once) await new Promise<void>((resolve) => stream.once!('drain', resolve));
  };
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 1 << 20) await flush();
  }
  await flush();
}
