// The executable's entry point: run the CLI and exit with its code.
import { main } from './main.ts';

// A reader that closes its end early (`ssm-reach check | head`) is not an error of ours: the
// rest of the report is dropped (io.ts writes nothing more) and the exit code stays the checks'.
// Any other failure to write is one line, not a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    process.stderr.write(`ssm-reach: cannot write the output (${error.code ?? error.message}).\n`);
    process.exitCode = 3;
  });
}

process.exitCode = await main(process.argv.slice(2));
