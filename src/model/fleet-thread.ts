// The fleet worker's thread (fleet-worker.ts). Started before the rest of a fleet read is loaded:
// a thread takes some tens of milliseconds to start, which then overlap with this thread's work.

import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { WorkerData } from './fleet-protocol.ts';
import { CONTROL_SLOTS, MAIN_TO_WORKER, send } from './fleet-protocol.ts';

export class FleetThread {
  /** This thread's end of the channel, and the counters both ends wait on (fleet-protocol.ts). */
  readonly port: MessagePort;
  readonly control: Int32Array;
  private readonly worker: Worker;
  private stopped = false;

  private constructor(worker: Worker, port: MessagePort, control: Int32Array) {
    this.worker = worker;
    this.port = port;
    this.control = control;
  }

  static start(): FleetThread {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
    const { port1, port2 } = new MessageChannel();
    const worker = startWorker({ port: port2, control }, [port2]);
    worker.unref();
    // Its failures reach this thread through the protocol (or its silence), not as events.
    worker.on('error', () => {});
    return new FleetThread(worker, port1, control);
  }

  /** Stop the worker (it stops by itself once done); once. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    send(this.port, this.control, MAIN_TO_WORKER, { type: 'stop' });
    void this.worker.terminate();
    this.port.close();
  }
}

/** The worker thread: the bundled script (scripts/build-options.mjs), or the TypeScript source through tsx when running from source. */
function startWorker(workerData: WorkerData, transferList: MessagePort[]): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Tests run the sources with `node --import tsx`, whose hooks do not reach a worker's entry
    // point on Node 20: the worker registers them itself, then imports its TypeScript module.
    const url = JSON.stringify(new URL('./fleet-worker.ts', here).href);
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); });`, { eval: true, workerData, transferList });
  }
  return new Worker(new URL('./fleet-worker.cjs', here), { workerData, transferList });
}
