// The executable's entry point: run the CLI and exit with its code.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
