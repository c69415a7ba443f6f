import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Tell V8 the process will be short. V8 hands a function to its optimising compiler once about
 * 66 KB of the function's bytecode has run; the compiler works on background threads. A check of
 * a snapshot file of some tens of MB runs for half a second on two threads (the fleet reader),
 * and most of its code has finished running before its optimised version would pay off: at
 * 10,000 instances the compiler took 525 ms of CPU against a 0.6 s run, on a machine with two
 * cores that both threads need. With a budget 15 times larger only the functions that keep
 * running are optimised (measured at 10,000 instances: 0.61 s → 0.51 s; a 100,000-instance run
 * is long enough for the default to win, and keeps it). A flag set while V8 runs applies to the
 * budgets it gives out from then on; on a V8 this was not measured with, nothing is changed.
 */
export function preferShortRun(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 13) setFlagsFromString('--interrupt-budget=1000000');
}

/**
 * Tell V8 that two threads will run JavaScript (a fleet read): on a machine with two cores, the
 * helper threads of a parallel scavenge only take a core from the other thread, and scavenges
 * on one thread are cheaper overall (measured at 10,000 instances, 25 interleaved runs: 445 →
 * 431 ms median). With more cores the helpers use idle ones, and nothing is changed. Set before
 * the worker starts, so both threads scavenge alone.
 */
export function preferTwoThreads(): void {
  if (availableParallelism() <= 2) setFlagsFromString('--no-parallel-scavenge');
}
