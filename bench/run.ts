// `npm run bench`: fleet check against the floor, start-up, one instance in a large region, and
// live-read call counts, printed as one table. Every figure is measured in this run; ratios compare
// figures measured side by side on the same machine and file, never against stored numbers.
//
//   npm run bench                          # sizes 10, 1,000, 10,000 and 100,000
//   npm run bench -- --sizes 10,1000       # a quick run
//   npm run bench -- --only fleet,startup  # parts: fleet, startup, one, live
//   npm run bench -- --runs 5 --seed 2 --json bench/.data/results.json

import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION } from './generate.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = join(root, 'bench', '.data');
const args = process.argv.slice(2);
const arg = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const sizes = (arg('sizes') ?? '10,1000,10000,100000').split(',').map((s) => Number(s.replaceAll('_', '')));
const seed = Number(arg('seed') ?? '1');
const parts = new Set((arg('only') ?? 'fleet,startup,one,live').split(','));
const runsFor = (n: number) => Number(arg('runs') ?? (n >= 100_000 ? 3 : n >= 10_000 ? 5 : 7));
const BIG_HEAP = '--max-old-space-size=12000';
const hasTime = existsSync('/usr/bin/time');

interface Measurement {
  ms: number;
  rssMb: number | undefined;
  code: number | null;
}

/** One child process: wall time around spawn → exit, peak RSS from GNU time, stdout to /dev/null. */
function measure(command: string[], env: NodeJS.ProcessEnv = process.env): Measurement {
  mkdirSync(dataDir, { recursive: true });
  const rssFile = join(dataDir, '.rss');
  const full = hasTime ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...command] : command;
  const devNull = openSync('/dev/null', 'w');
  const start = process.hrtime.bigint();
  const child = spawnSync(full[0]!, full.slice(1), { cwd: root, stdio: ['ignore', devNull, 'pipe'], env, maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  closeSync(devNull);
  const rssMb = hasTime && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : undefined;
  if (hasTime) rmSync(rssFile, { force: true });
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`${command.join(' ')} exited ${child.status}: ${child.stderr?.toString().slice(0, 500)}`);
  }
  return { ms, rssMb, code: child.status };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const max = (values: Array<number | undefined>) => Math.max(...values.map((v) => v ?? 0));

function regionFile(n: number, options: { vpcs?: number } = {}): string {
  const name = `region-${n}-s${seed}${options.vpcs ? `-vpcs${options.vpcs}` : ''}-v${GENERATOR_VERSION}.json`;
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${name} …\n`);
    const generated = spawnSync(process.execPath, [BIG_HEAP, '--import', 'tsx', 'bench/generate.ts', '--instances', String(n), '--seed', String(seed), ...(options.vpcs ? ['--vpcs', String(options.vpcs)] : []), '--out', file], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (generated.status !== 0) throw new Error(`generating ${name} failed`);
  }
  return file;
}

function build(): void {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}

// ---------------------------------------------------------------------------------------------

interface FleetRow {
  instances: number;
  fileMb: number;
  floorMs: number;
  checkMs: number;
  ratio: number;
  /** The same check with SSM_REACH_PARALLEL=off (one thread). */
  oneThreadMs: number;
  oneThreadRatio: number;
  floorRssMb: number;
  checkRssMb: number;
  outputMb: number;
  runs: number;
}

function fleet(): FleetRow[] {
  const rows: FleetRow[] = [];
  for (const n of sizes) {
    const file = regionFile(n);
    const runs = runsFor(n);
    const floor: Measurement[] = [];
    const check: Measurement[] = [];
    const oneThread: Measurement[] = [];
    const command = [process.execPath, 'bin/ssm-reach.js', 'check', '--snapshot', file, '--output', 'json'];
    // Interleaved, so all see the same machine state (page cache, CPU frequency, neighbours).
    measure([process.execPath, 'bench/floor.mjs', file]);
    for (let i = 0; i < runs; i++) {
      floor.push(measure([process.execPath, 'bench/floor.mjs', file]));
      check.push(measure(command));
      oneThread.push(measure(command, { ...process.env, SSM_REACH_PARALLEL: 'off' }));
    }
    const outFile = join(dataDir, '.out.json');
    spawnSync('sh', ['-c', `"${process.execPath}" bin/ssm-reach.js check --snapshot "${file}" --output json > "${outFile}"`], { cwd: root });
    const outputMb = statSync(outFile).size / 1e6;
    rmSync(outFile, { force: true });
    const row: FleetRow = {
      instances: n,
      fileMb: statSync(file).size / 1e6,
      floorMs: median(floor.map((m) => m.ms)),
      checkMs: median(check.map((m) => m.ms)),
      ratio: 0,
      oneThreadMs: median(oneThread.map((m) => m.ms)),
      oneThreadRatio: 0,
      floorRssMb: max(floor.map((m) => m.rssMb)),
      checkRssMb: max(check.map((m) => m.rssMb)),
      outputMb,
      runs,
    };
    row.ratio = row.checkMs / row.floorMs;
    row.oneThreadRatio = row.oneThreadMs / row.floorMs;
    rows.push(row);
    process.stderr.write(`fleet ${n}: floor ${row.floorMs.toFixed(0)} ms, check ${row.checkMs.toFixed(0)} ms, ratio ${row.ratio.toFixed(2)} (one thread ${row.oneThreadMs.toFixed(0)} ms, ${row.oneThreadRatio.toFixed(2)})\n`);
  }
  return rows;
}

/** Least-squares line through (instances, ms): slope in µs per instance. */
function slope(points: Array<[number, number]>): { usPerInstance: number; interceptMs: number } {
  const n = points.length;
  if (n < 2) return { usPerInstance: NaN, interceptMs: NaN };
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const b = sxy / sxx;
  return { usPerInstance: b * 1000, interceptMs: my - b * mx };
}

interface StartupRow {
  nodeMs: number;
  checkMs: number;
  ratio: number;
  nodeRssMb: number;
  checkRssMb: number;
  runs: number;
}

function startup(): StartupRow {
  const runs = Number(arg('runs') ?? 15);
  const bare: Measurement[] = [];
  const check: Measurement[] = [];
  measure([process.execPath, 'bin/ssm-reach.js', 'check', '--snapshot', 'models/demo', '--output', 'json']);
  for (let i = 0; i < runs; i++) {
    bare.push(measure([process.execPath, '-e', '0']));
    check.push(measure([process.execPath, 'bin/ssm-reach.js', 'check', '--snapshot', 'models/demo', '--output', 'json']));
  }
  const row = {
    nodeMs: median(bare.map((m) => m.ms)),
    checkMs: median(check.map((m) => m.ms)),
    ratio: 0,
    nodeRssMb: max(bare.map((m) => m.rssMb)),
    checkRssMb: max(check.map((m) => m.rssMb)),
    runs,
  };
  row.ratio = row.checkMs / row.nodeMs;
  process.stderr.write(`startup: node -e 0 ${row.nodeMs.toFixed(0)} ms, check ${row.checkMs.toFixed(0)} ms, ratio ${row.ratio.toFixed(2)}\n`);
  return row;
}

interface OneRow {
  instances: number;
  [key: string]: number;
}

function oneInstance(): OneRow | undefined {
  const n = Math.max(...sizes);
  const file = regionFile(n);
  const child = spawnSync(process.execPath, [BIG_HEAP, '--import', 'tsx', 'bench/one-instance.ts', file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error('bench/one-instance.ts failed');
  const row = { instances: n, ...JSON.parse(child.stdout.toString()) } as OneRow;
  process.stderr.write(`one instance in ${n}: median ${row['medianUs']!.toFixed(0)} µs, p95 ${row['p95Us']!.toFixed(0)} µs (unshared ${row['unsharedMedianUs']!.toFixed(0)} / ${row['unsharedP95Us']!.toFixed(0)} µs)\n`);
  return row;
}

interface LiveRow {
  instances: number;
  calls: number;
  instancePages: number;
  interfacePages: number;
  byAction: Record<string, number>;
}

function live(): LiveRow[] {
  const counts = [1, 100, 10_000].map((n) => ({ n, file: regionFile(n, { vpcs: 3 }) }));
  const child = spawnSync(process.execPath, [BIG_HEAP, '--import', 'tsx', 'bench/live-calls.ts', ...counts.map((c) => c.file)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error('bench/live-calls.ts failed');
  const rows = JSON.parse(child.stdout.toString()) as LiveRow[];
  for (const row of rows) process.stderr.write(`live ${row.instances}: ${row.calls} calls\n`);
  return rows;
}

// ---------------------------------------------------------------------------------------------

function machine(): Record<string, string> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    cpus: String(cpus().length),
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    peakRss: hasTime ? 'GNU time %M' : 'not measured (/usr/bin/time missing)',
  };
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

build();
const results: Record<string, unknown> = { machine: machine(), seed, generator: GENERATOR_VERSION };
const out: string[] = [];
const info = results['machine'] as Record<string, string>;
out.push(`Machine: ${info['cpus']} × ${info['cpu']}, ${info['memory']}, Node ${info['node']}; peak RSS: ${info['peakRss']}.`, '');

if (parts.has('fleet')) {
  const rows = fleet();
  results['fleet'] = rows;
  out.push('Fleet check (`ssm-reach check --snapshot F --output json > /dev/null`; files from 8 MB are read on two threads) vs the floor (`node bench/floor.mjs F`: read + JSON.parse), and the same check on one thread (`SSM_REACH_PARALLEL=off`), medians:', '');
  out.push(table(
    ['instances', 'file MB', 'floor ms', 'check ms', 'ratio', 'one thread ms', 'ratio (one thread)', 'floor RSS MB', 'check RSS MB', 'output MB', 'runs'],
    rows.map((r) => [fmt(r.instances), fmt(r.fileMb, 1), fmt(r.floorMs), fmt(r.checkMs), fmt(r.ratio, 2), fmt(r.oneThreadMs), fmt(r.oneThreadRatio, 2), fmt(r.floorRssMb), fmt(r.checkRssMb), fmt(r.outputMb, 1), String(r.runs)]),
  ));
  const line = slope(rows.map((r) => [r.instances, r.checkMs]));
  const floorLine = slope(rows.map((r) => [r.instances, r.floorMs]));
  const perInstance = rows.filter((r) => r.instances >= 1000).map((r) => `${fmt(r.instances)}: ${fmt((r.checkMs / r.instances) * 1000, 1)} µs`);
  results['slope'] = { check: line, floor: floorLine };
  out.push('', `Slope (least squares over the sizes): check ${fmt(line.usPerInstance, 1)} µs/instance (intercept ${fmt(line.interceptMs)} ms), floor ${fmt(floorLine.usPerInstance, 1)} µs/instance; check time per instance: ${perInstance.join(', ')}.`, '');
}
if (parts.has('startup')) {
  const row = startup();
  results['startup'] = row;
  out.push(table(['start-up (demo model)', 'node -e 0 ms', 'check ms', 'ratio', 'node RSS MB', 'check RSS MB', 'runs'], [['median', fmt(row.nodeMs), fmt(row.checkMs), fmt(row.ratio, 2), fmt(row.nodeRssMb), fmt(row.checkRssMb), String(row.runs)]]), '');
}
if (parts.has('one')) {
  const row = oneInstance();
  if (row) {
    results['oneInstance'] = row;
    out.push(table(
      ['one instance', 'load ms', 'new Evaluator ms', 'first µs', 'median µs', 'p95 µs', 'unshared median µs', 'unshared p95 µs', '+explain median µs', 'samples'],
      [[`in ${fmt(row.instances)}`, fmt(row['loadMs']!), fmt(row['evaluatorMs']!), fmt(row['firstUs']!), fmt(row['medianUs']!, 1), fmt(row['p95Us']!, 1), fmt(row['unsharedMedianUs']!, 1), fmt(row['unsharedP95Us']!, 1), fmt(row['explainedMedianUs']!, 1), fmt(row['samples']!)]],
    ), '');
  }
}
if (parts.has('live')) {
  const rows = live();
  results['live'] = rows;
  const actions = [...new Set(rows.flatMap((r) => Object.keys(r.byAction)))].sort();
  out.push('Live reads against the loopback EC2 server (3 VPCs, page size 1000):', '');
  out.push(table(
    ['instances', 'API calls', 'DescribeInstances', 'DescribeNetworkInterfaces', 'other actions'],
    rows.map((r) => [fmt(r.instances), fmt(r.calls), fmt(r.byAction['DescribeInstances'] ?? 0), fmt(r.byAction['DescribeNetworkInterfaces'] ?? 0), fmt(r.calls - (r.byAction['DescribeInstances'] ?? 0) - (r.byAction['DescribeNetworkInterfaces'] ?? 0))]),
  ));
  out.push('', `Actions: ${actions.map((a) => `${a} ${rows.map((r) => r.byAction[a] ?? 0).join('/')}`).join(', ')}.`, '');
}
process.stdout.write(`${out.join('\n')}\n`);
const jsonOut = arg('json');
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
