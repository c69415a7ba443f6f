// The TUI as a program: full-screen mount and unmount on fake terminal streams (raw mode and the
// alternate screen are always given back, also after an error), and the tui command's choices.
import { LIVE_TEST_ENV } from './support/ec2-live-env.ts';
import { EventEmitter } from 'node:events';
import { Text } from 'ink';
import { useState } from 'react';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mountFullScreen, TuiApp } from '../src/tui/app.tsx';
import { useKeys } from '../src/tui/hooks/use-keys.ts';
import { smallVpcDocument } from './support/ec2-fixtures.ts';
import { startEc2QueryServer } from './support/ec2-query-server.ts';
import { runCli } from './support/run-cli.ts';
import { DEMO_DIR, demoModel } from './support/tui.tsx';

/** A terminal's stdin as ink uses it: raw mode switchable, keys delivered through 'readable'. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  rawModeCalls: boolean[] = [];
  private queue: string[] = [];
  setRawMode(mode: boolean) {
    this.isRaw = mode;
    this.rawModeCalls.push(mode);
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  type(data: string) {
    this.queue.push(data);
    this.emit('readable');
  }
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  output = '';
  write(chunk: string) {
    this.output += chunk;
    return true;
  }
}

const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
const streams = () => ({ stdin: new FakeStdin(), stdout: new FakeStdout() });
const asStreams = (s: ReturnType<typeof streams>) => ({ stdin: s.stdin as unknown as NodeJS.ReadStream, stdout: s.stdout as unknown as NodeJS.WriteStream });

test('full screen: enters the alternate screen, q quits, raw mode and the screen are restored', async () => {
  const s = streams();
  const model = demoModel();
  const done = mountFullScreen(<TuiApp model={model} instanceIds={[...model.instances.keys()]} source="models/demo" exportPath="c.json" checkArgs="--snapshot models/demo" color={false} />, asStreams(s));
  await tick(100);
  assert.ok(s.stdout.output.startsWith('\u001b[?1049h'), 'enters the alternate screen first');
  assert.ok(s.stdin.isRaw, 'raw mode while running');
  assert.match(s.stdout.output, /i-0demobroken000001/);
  s.stdin.type('q');
  await done;
  assert.is(s.stdin.isRaw, false);
  assert.is(s.stdin.rawModeCalls[s.stdin.rawModeCalls.length - 1], false);
  assert.ok(s.stdout.output.endsWith('\u001b[?1049l\u001b[?25h'), 'leaves the alternate screen and shows the cursor last');
});

function Crashes() {
  const [crash, setCrash] = useState(false);
  useKeys((input) => {
    if (input === 'x') setCrash(true);
  });
  if (crash) throw new Error('render failed');
  return <Text>running</Text>;
}

function ThrowsInHandler() {
  useKeys(() => {
    throw new Error('handler failed');
  });
  return <Text>running</Text>;
}

test('an error while rendering ends the app with the error and restores the terminal', async () => {
  const s = streams();
  const { ErrorBoundary } = await import('../src/tui/components/error-boundary.tsx');
  const { useApp } = await import('ink');
  function Root() {
    const { exit } = useApp();
    return (
      <ErrorBoundary onError={exit}>
        <Crashes />
      </ErrorBoundary>
    );
  }
  const done = mountFullScreen(<Root />, asStreams(s));
  await tick(60);
  assert.ok(s.stdin.isRaw);
  s.stdin.type('x');
  try {
    await done;
    assert.unreachable('the error should reach the caller');
  } catch (error) {
    assert.is((error as Error).message, 'render failed');
  }
  assert.is(s.stdin.isRaw, false);
  assert.ok(s.stdout.output.endsWith('\u001b[?1049l\u001b[?25h'));
});

test('an error in a key handler ends the app with the error and restores the terminal', async () => {
  const s = streams();
  const done = mountFullScreen(<ThrowsInHandler />, asStreams(s));
  await tick(60);
  s.stdin.type('k');
  try {
    await done;
    assert.unreachable('the error should reach the caller');
  } catch (error) {
    assert.is((error as Error).message, 'handler failed');
  }
  assert.is(s.stdin.isRaw, false);
  assert.ok(s.stdout.output.endsWith('\u001b[?1049l\u001b[?25h'));
});

test('tui without a terminal prints the text report (exit code as check), --demo exits 0', async () => {
  const run = await runCli(['tui', '--snapshot', DEMO_DIR]);
  assert.is(run.code, 1);
  assert.match(run.stdout, /i-0demobroken000001 \(batch-1\)/);
  assert.match(run.stdout, /✗ ssm {10}blocked at sg-0demoendpoints001 \(ENI_SG_RULES_MISMATCH\)/);
  assert.match(run.stdout, /Summary: 2 instances, 8 checks/);
  assert.not.match(run.stdout, /\u001b\[/, 'no escape sequences');
  const demo = await runCli(['tui', '--demo']);
  assert.is(demo.code, 0);
  assert.match(demo.stdout, /bundled demo/);
});

test('tui --region reads the live account (here a loopback EC2 endpoint) and, without a terminal, prints the report', async () => {
  const server = await startEc2QueryServer({ document: smallVpcDocument(), faults: {} });
  try {
    const run = await runCli(['tui', '--region', 'us-east-1', '--endpoint-url', server.url], { ...LIVE_TEST_ENV });
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.match(run.stdout, /^ssm-reach · live account · us-east-1/);
    assert.match(run.stdout, /Summary: \d+ instances?, \d+ checks/);
  } finally {
    await server.close();
  }
});

test('tui: --help, and one clear line for missing or conflicting sources', async () => {
  const help = await runCli(['tui', '--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /^ssm-reach tui — /);
  assert.match(help.stdout, /--export FILE/);
  const none = await runCli(['tui']);
  assert.is(none.code, 2);
  assert.is(none.stderr, "ssm-reach: say what to explore: --snapshot PATH, --region R, or --demo for the bundled demo model.\n");
  const both = await runCli(['tui', '--demo', '--snapshot', DEMO_DIR]);
  assert.is(both.code, 2);
  assert.match(both.stderr, /give one of --snapshot, --region or --demo/);
  const listed = await runCli(['help', 'tui']);
  assert.match(listed.stdout, /ssm-reach tui/);
});

test.run();
