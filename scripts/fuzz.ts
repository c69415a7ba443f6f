// The long campaign of the engine-versus-oracle property (test/oracle.test.ts runs a few thousand
// cases in CI): random valid VPCs from test/generators/vpc.ts, each compared by
// test/oracle/compare.ts. Parallel (one process per core, each with its own seed), bounded (a
// wall-clock limit; nothing is written but a fresh temporary folder for counterexamples), and it
// prints the number of cases run and every disagreement with its shrunk counterexample.
//
//   npm run fuzz                                   200 000 cases, one worker per core, random seed
//   npm run fuzz -- --cases 50000 --workers 2 --seed 7 --minutes 20
//
// Exit code: 0 no disagreement; 1 disagreements (counterexamples written); 2 the time limit came
// before the requested number of cases.

import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface WorkerReport {
  kind: 'progress' | 'counterexample' | 'done';
  cases: number;
  checks: number;
  packets: number;
  spec?: unknown;
  document?: unknown;
  disagreements?: string[];
  seed?: number;
}

const CHUNK = 1000;

if (process.argv.includes('--worker')) {
  await worker();
} else {
  await campaign();
}

async function campaign(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '200000' },
      workers: { type: 'string', default: String(availableParallelism()) },
      seed: { type: 'string', default: String(Math.floor(Math.random() * 2 ** 31)) },
      minutes: { type: 'string', default: '60' },
    },
  });
  const cases = Number(values.cases);
  const workers = Math.max(1, Math.min(Number(values.workers), 64));
  const seed = Number(values.seed);
  const deadline = Date.now() + Number(values.minutes) * 60_000;
  const started = Date.now();
  const out = mkdtempSync(join(tmpdir(), 'ssm-reach-fuzz-'));
  console.log(`fuzz: ${cases} cases on ${workers} workers, seed ${seed}, at most ${values.minutes} min; counterexamples go to ${out}`);

  const totals = { cases: 0, checks: 0, packets: 0 };
  const perWorker = new Map<number, { cases: number; checks: number; packets: number }>();
  const found: WorkerReport[] = [];
  const share = (i: number) => Math.floor(cases / workers) + (i < cases % workers ? 1 : 0);
  const script = fileURLToPath(import.meta.url);

  const children = Array.from({ length: workers }, (_, i) =>
    fork(script, ['--worker', String(seed + i * 1_000_003), String(share(i))], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const finished = children.map(
    (child, i) =>
      new Promise<void>((resolve) => {
        child.on('message', (report: WorkerReport) => {
          perWorker.set(i, { cases: report.cases, checks: report.checks, packets: report.packets });
          if (report.kind === 'counterexample') {
            found.push(report);
            const file = join(out, `counterexample-${found.length}.json`);
            writeFileSync(file, `${JSON.stringify(report.document, null, 2)}\n`);
            console.log(`\nDISAGREEMENT (worker ${i}, chunk seed ${report.seed}); document: ${file}\n  spec: ${JSON.stringify(report.spec)}\n  ${report.disagreements!.join('\n  ')}`);
          }
        });
        child.on('exit', () => resolve());
      }),
  );
  const sum = () => {
    totals.cases = totals.checks = totals.packets = 0;
    for (const w of perWorker.values()) {
      totals.cases += w.cases;
      totals.checks += w.checks;
      totals.packets += w.packets;
    }
  };
  const ticker = setInterval(() => {
    sum();
    console.log(`fuzz: ${totals.cases} / ${cases} cases, ${found.length} disagreements, ${Math.round((Date.now() - started) / 1000)} s`);
  }, 15_000);
  const timer = setTimeout(() => {
    console.log('fuzz: time limit reached; stopping the workers');
    for (const child of children) child.kill();
  }, Math.max(0, deadline - Date.now()));
  await Promise.all(finished);
  clearInterval(ticker);
  clearTimeout(timer);
  sum();
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `fuzz: ${totals.cases} cases (${totals.checks} checks, ${totals.packets} simulated packets) in ${seconds.toFixed(0)} s on ${workers} workers, seed ${seed}: ${found.length} disagreement${found.length === 1 ? '' : 's'}`,
  );
  process.exitCode = found.length > 0 ? 1 : totals.cases < cases ? 2 : 0;
}

async function worker(): Promise<void> {
  const fc = (await import('fast-check')).default;
  const { buildDocument, specArbitrary } = await import('../test/generators/vpc.ts');
  const { compareDocument, describeDisagreement } = await import('../test/oracle/compare.ts');
  const index = process.argv.indexOf('--worker');
  const seed = Number(process.argv[index + 1]);
  const total = Number(process.argv[index + 2]);
  const send = (report: WorkerReport) => process.send!(report);
  let cases = 0;
  let checks = 0;
  let packets = 0;
  for (let chunk = 0; cases < total; chunk++) {
    const chunkSeed = seed + chunk;
    const result = fc.check(
      fc.property(specArbitrary, (spec) => {
        const comparison = compareDocument(buildDocument(spec));
        checks += comparison.checks;
        packets += comparison.packets;
        return comparison.disagreements.length === 0;
      }),
      { numRuns: Math.min(CHUNK, total - cases), seed: chunkSeed },
    );
    cases += result.numRuns;
    if (result.failed && result.counterexample) {
      const spec = result.counterexample[0];
      const document = buildDocument(spec);
      const disagreements = compareDocument(document).disagreements.map(describeDisagreement);
      send({ kind: 'counterexample', cases, checks, packets, spec, document, disagreements, seed: chunkSeed });
    } else {
      send({ kind: 'progress', cases, checks, packets });
    }
  }
  send({ kind: 'done', cases, checks, packets });
  process.disconnect();
}
