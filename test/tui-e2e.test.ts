// The TUI end to end: the real CLI in a real terminal (tmux), driven by keys, read from the screen.
// select the broken demo instance → its ssm path → apply the suggested fix → the verdict changes →
// export → quit, and the shell is back. Skips where tmux is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseChangeFile } from '../src/whatif/index.ts';
import { runCli } from './support/run-cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
// A private tmux server, so the test never touches a user's sessions.
const SOCKET = `ssm-reach-e2e-${process.pid}`;
const SESSION = 'e2e';
const PROMPT = 'e2e-shell$';

const tmux = (...args: string[]) => {
  const run = spawnSync('tmux', ['-u', '-L', SOCKET, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
};
const screen = () => tmux('capture-pane', '-p', '-t', SESSION);
const keys = (...k: string[]) => tmux('send-keys', '-t', SESSION, ...k);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll the pane until `ok` holds (the CLI under tsx takes a second or two to start). */
async function waitFor(what: string, ok: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < until) {
    text = screen();
    if (ok(text)) return text;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; the pane shows:\n${text}`);
}

(hasTmux ? test : test.skip)('tui in tmux: broken instance first, blocked at the endpoint group, fix applies, q quits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-reach-tui-'));
  const exportFile = join(dir, 'changes.json');
  try {
    tmux('new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', '-c', ROOT, 'env', '-i', `PATH=${process.env['PATH']}`, `HOME=${dir}`, 'LANG=C.UTF-8', 'TERM=xterm-256color', `PS1=${PROMPT} `, 'sh');
    await waitFor('the shell prompt', (t) => t.includes(PROMPT));
    keys('-l', `node --import tsx src/cli/entry.ts tui --snapshot models/demo --export ${exportFile}`);
    keys('Enter');

    // The instance list: the broken instance is the first row.
    const list = await waitFor('the instance list', (t) => t.includes('i-0demohealthy00001'));
    const rows = list.split('\n').filter((line) => /i-0demo/.test(line));
    assert.ok(rows[0]?.includes('i-0demobroken000001'), `first row: ${rows[0]}`);
    assert.ok(rows[0]?.startsWith('›'), 'the cursor starts on the first row');

    // enter: the instance view with its four checks.
    keys('Enter');
    await waitFor('the instance view', (t) => t.includes('ec2messages') && t.includes('imds'));

    // enter: the ssm path, blocked at the endpoints' security group, the fix under it.
    keys('Enter');
    const path = await waitFor('the path view', (t) => t.includes('decided by'));
    assert.match(path, /✗ blocked via interface-endpoint/);
    const blocking = path.split('\n').find((line) => line.includes('blocks here'));
    assert.ok(blocking?.includes('sg-0demoendpoints001'), `blocking hop: ${blocking}`);
    assert.match(path, /fix: Add an inbound rule to sg-0demoendpoints001/);

    // f: the suggested fix, applied as a what-if edit; the verdict becomes reachable.
    keys('f');
    const fixed = await waitFor('the fixed verdict', (t) => t.includes('✓ reachable via interface-endpoint'));
    assert.match(fixed, /\* was blocked/);
    assert.match(fixed, /Applied fix: add inbound rule tcp 443 from 10\.20\.3\.0\/24 to sg-0demoendpoints001/);
    assert.not.match(fixed, /blocks here/);

    // Back on the list, the instance's marks changed.
    keys('Escape');
    await sleep(150);
    keys('Escape');
    const after = await waitFor('the list again', (t) => t.includes('verdict changed by your edits'));
    assert.match(after.split('\n').find((line) => line.includes('i-0demobroken000001')) ?? '', /✓\* +✓\* +✓\*/);

    // e: the edits as a change file.
    keys('e');
    await waitFor('the export message', (t) => t.includes('Wrote 1 edit'));
    assert.ok(existsSync(exportFile));
    const changes = parseChangeFile(readFileSync(exportFile, 'utf8'), exportFile);
    assert.equal(changes.operations.map((op) => op.op), ['add-security-group-rule']);
    // check --what-if accepts it and agrees: every check reachable, exit 0.
    const whatIf = await runCli(['check', '--snapshot', join(ROOT, 'models/demo'), '--what-if', exportFile]);
    assert.is(whatIf.code, 0, whatIf.stderr);
    assert.match(whatIf.stdout, /8 reachable, 0 blocked/);

    // q: quit; the shell is back, the UI gone, and the exit status is 0.
    keys('q');
    await waitFor('the shell after quitting', (t) => !t.includes('decided by') && !t.includes('i-0demohealthy00001') && t.trimEnd().endsWith(PROMPT));
    keys('-l', 'echo "exit=$?"; stty -a | tr " ;" "\\n\\n" | grep -x -e icanon -e -icanon');
    keys('Enter');
    const shell = await waitFor('the exit status and terminal mode', (t) => /exit=\d+/.test(t) && /^-?icanon$/m.test(t));
    assert.match(shell, /exit=0/);
    // Cooked mode again: icanon on, not -icanon (raw mode was turned off).
    assert.match(shell, /^icanon$/m);
  } finally {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
