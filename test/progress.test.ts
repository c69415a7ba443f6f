// Fleet-sized checks say what they are doing on a terminal, and nothing when stderr is not one.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateRegion } from '../bench/generate.ts';
import { runCli } from './support/run-cli.ts';
import { writeTemp } from './support/snapshots.ts';

type Reservation = { Instances: Array<{ State?: { Name?: string } }> };
const region = generateRegion({ instances: 6000, seed: 2 }).document as Record<string, unknown> & { Reservations: Reservation[] };
const file = writeTemp('fleet.json', JSON.stringify(region));
const running = region.Reservations.flatMap((r) => r.Instances).filter((i) => (i.State?.Name ?? 'running') === 'running').length;

test('a fleet check counts instances on a terminal and clears the line', async () => {
  const run = await runCli(['check', '--snapshot', file, '--output', 'json'], { SSM_REACH_PARALLEL: 'off' }, { stderrIsTTY: true });
  assert.is(run.code, 1);
  assert.ok(running >= 5000, `${running} running instances`);
  assert.match(run.stderr, `\rssm-reach: checked 5000 of ${running} instances`);
  assert.ok(run.stderr.endsWith('\r\u001b[K'), JSON.stringify(run.stderr.slice(-40)));
  assert.is(JSON.parse(run.stdout).summary.instances, running);
});

test('read on two threads, the count has no total yet (instances are still being read)', async () => {
  const run = await runCli(['check', '--snapshot', file, '--output', 'json'], {}, { stderrIsTTY: true });
  assert.is(run.code, 1);
  assert.match(run.stderr, '\rssm-reach: checked 5000 instances so far');
  assert.ok(!run.stderr.includes(' of '), run.stderr);
  assert.ok(run.stderr.endsWith('\r\u001b[K'), JSON.stringify(run.stderr.slice(-40)));
  assert.is(JSON.parse(run.stdout).summary.instances, running);
});

test('no progress when stderr is not a terminal', async () => {
  const run = await runCli(['check', '--snapshot', file, '--output', 'json']);
  assert.is(run.stderr, '');
});

test('reading a large snapshot file is announced on a terminal', async () => {
  // 64 MB of JSON that parses fast: one instance, then whitespace.
  const big = writeTemp('big.json', Buffer.concat([Buffer.from(JSON.stringify({ ...region, Reservations: region.Reservations.slice(0, 1) }).slice(0, -1)), Buffer.alloc(64 * 2 ** 20, 0x20), Buffer.from('}')]));
  const run = await runCli(['check', '--snapshot', big, '--output', 'json'], {}, { stderrIsTTY: true });
  assert.match(run.stderr, /^ssm-reach: reading .*big\.json \(\d+ MB\)…\r\u001b\[K$/);
  const quiet = await runCli(['check', '--snapshot', big, '--output', 'json']);
  assert.is(quiet.stderr, '');
});

test.run();
