// The TUI's screens and keys, rendered with ink-testing-library at fixed sizes (frames asserted,
// keys simulated through stdin).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseChangeFile } from '../src/whatif/index.ts';
import { KEY_HELP } from '../src/tui/keys.ts';
import { generateRegion } from '../bench/generate.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { buildModel } from '../src/model/build-model.ts';
import { BROKEN, HEALTHY, KEY, renderTui } from './support/tui.tsx';

const rowOf = (lines: string[], id: string) => lines.find((line) => line.includes(id)) ?? '';
const dataRows = (lines: string[]) => lines.filter((line) => /i-0demo/.test(line));

/** Every row fits the terminal: at most rows-1 lines (one is left free), none wider than the columns. */
function assertFits(lines: string[], columns: number, rows: number): void {
  assert.ok(lines.length <= rows - 1, `${lines.length} lines in a ${rows}-row terminal`);
  for (const line of lines) assert.ok([...line].length <= columns, `wider than ${columns}: ${line}`);
}

test('instance list: broken first with the cursor on it, one mark per check, fits 80×24', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  const lines = t.lines();
  assertFits(lines, 80, 24);
  assert.match(lines[0]!, /^ssm-reach · models\/demo · eu-west-1 · 2 instances, 1 failing/);
  assert.match(lines[1]!, /name +instance +subnet +ssm +ec2m +ssmm +imds/);
  const rows = dataRows(lines);
  assert.match(rows[0]!, /^› batch-1 +i-0demobroken000001 subnet-0demobatch0001 ✗ +✗ +✗ +✓$/);
  assert.match(rows[1]!, /^ {2}web-1 +i-0demohealthy00001 subnet-0demoapp000001 ✓ +✓ +✓ +✓$/);
  assert.match(lines[lines.length - 1]!, /↑↓ move · enter open · \/ filter/);
  t.unmount();
});

test('instance list: j/k and arrows move the cursor, G and g jump', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press('j');
  assert.ok(rowOf(t.lines(), HEALTHY).startsWith('›'));
  await t.press('k');
  assert.ok(rowOf(t.lines(), BROKEN).startsWith('›'));
  await t.press(KEY.down);
  assert.ok(rowOf(t.lines(), HEALTHY).startsWith('›'));
  await t.press(KEY.down);
  assert.ok(rowOf(t.lines(), HEALTHY).startsWith('›'), 'the cursor stops at the last row');
  await t.press('g');
  assert.ok(rowOf(t.lines(), BROKEN).startsWith('›'));
  await t.press('G');
  assert.ok(rowOf(t.lines(), HEALTHY).startsWith('›'));
  t.unmount();
});

test('filter: / then typing narrows the list; enter keeps it; esc clears it', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press('/', 'w', 'e', 'b');
  assert.match(t.frame(), /\/web/);
  assert.equal(dataRows(t.lines()).length, 1);
  assert.ok(rowOf(t.lines(), HEALTHY).startsWith('›'), 'the cursor moves to the first match');
  await t.press(KEY.enter);
  assert.match(t.frame(), /filter: web \(esc clears/);
  await t.press(KEY.escape);
  assert.equal(dataRows(t.lines()).length, 2);
  await t.press('/', 'n', 'o', 'p', 'e');
  assert.match(t.frame(), /No instance matches the filter/);
  await t.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, 'b', 'a', 't', 'c', 'h', KEY.enter);
  assert.equal(dataRows(t.lines()).length, 1);
  assert.match(rowOf(t.lines(), BROKEN), /^›/);
  t.unmount();
});

test('keys that arrive in one chunk are handled one by one (paste, tmux send-keys)', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press('/web\r');
  assert.match(t.frame(), /filter: web/);
  assert.equal(dataRows(t.lines()).length, 1);
  await t.press(KEY.escape, '\r\r');
  assert.match(t.frame(), /decided by/);
  t.unmount();
});

test('instance view: the four checks, the blocker, the fix; esc and backspace go back', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press(KEY.enter);
  const lines = t.lines();
  assertFits(lines, 80, 24);
  assert.match(lines[1]!, /^i-0demobroken000001 \(batch-1\) · running · eu-west-1/);
  assert.match(lines[2]!, /^subnet-0demobatch0001 · vpc-0demo000000000001/);
  assert.match(t.frame(), /› ✗ ssm +blocked at sg-0demoendpoints001 \(ENI_SG_RULES_MISMATCH\)/);
  assert.match(t.frame(), / {2}✗ ec2messages +blocked at sg-0demoendpoints001/);
  assert.match(t.frame(), / {2}✓ imds +reachable via link-local/);
  assert.match(t.frame(), /no inbound rule of sg-0demoendpoints001 \(on eni-0demossm0000\) allows TCP 443/);
  assert.match(t.frame(), /fix: Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from/);
  await t.press('j', 'j', 'j');
  assert.match(t.frame(), /› ✓ imds/);
  assert.match(t.frame(), /imds → 169\.254\.169\.254:80 · reachable via link-local/);
  await t.press(KEY.escape);
  assert.match(t.frame(), /name +instance +subnet/);
  await t.press(KEY.right);
  assert.match(t.frame(), /subnet-0demobatch0001 · vpc-0demo000000000001/);
  await t.press(KEY.backspace);
  assert.match(t.frame(), /name +instance +subnet/);
  t.unmount();
});

test('path view: every hop with what decided it, the blocking hop marked, the fix under it', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press(KEY.enter, KEY.enter);
  const lines = t.lines();
  assertFits(lines, 80, 24);
  assert.match(lines[1]!, /^i-0demobroken000001 \(batch-1\) › ssm → ssm\.eu-west-1\.amazonaws\.com:443/);
  assert.match(lines[2]!, /^✗ blocked via interface-endpoint · path 1\/1 to 10\.20\.2\.10/);
  const blocking = lines.findIndex((line) => line.includes('◀ blocks here'));
  assert.match(lines[blocking]!, /✗ SG in +sg-0demoendpoints001 +no matching rule ◀ blocks here/);
  assert.match(lines[blocking + 1]!, /^ {6}fix: Add an inbound rule to sg-0demoendpoints001/);
  assert.match(t.frame(), /✓ SG out +sg-0demoapp000000001 +all traffic to 0\.0\.0\.0\/0/);
  assert.match(t.frame(), /✓ route table +rtb-0demoprivate00001 +10\.20\.0\.0\/16 → local/);
  assert.match(t.frame(), /✓ ↩ NACL in +acl-0demodefault00001/);
  // The cursor starts on the blocking hop; the hop in full below the path, with the finding's reason.
  assert.match(t.frame(), /› ✗ SG in/);
  assert.match(t.frame(), /ENI_SG_RULES_MISMATCH: no inbound rule of sg-0demoendpoints001/);
  await t.press('g');
  assert.match(t.frame(), /› ✓ DNS/);
  assert.match(t.flat(), /DNS vpc-0demo000000000001: ssm\.eu-west-1\.amazonaws\.com → vpce-0demossm000000000 \(private DNS\)/);
  t.unmount();
});

test('what-if: f applies the suggested fix, verdicts update and are marked; u undoes', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press(KEY.enter, KEY.enter, 'f');
  let frame = t.frame();
  assert.match(frame, /✓ reachable via interface-endpoint \(\* was blocked\)/);
  assert.match(frame, /✓ SG in +sg-0demoendpoints001 +tcp 443 from 10\.20\.3\.0\/24/);
  assert.not.match(frame, /blocks here/);
  assert.match(t.flat(), /Applied fix: add inbound rule tcp 443 from 10\.20\.3\.0\/24 to sg-0demoendpoints001 · 1 instance changed \(3 checks\)/);
  assert.match(t.lines()[0]!, /2 instances, 0 failing · 1 edit, 1 changed/);
  // Every instance's verdicts updated at once: the other service checks too.
  await t.press(KEY.escape);
  assert.match(t.frame(), /✓ ec2messages +reachable via interface-endpoint {2}\* was blocked/);
  await t.press(KEY.escape);
  assert.match(rowOf(t.lines(), BROKEN), /✓\* +✓\* +✓\* +✓ *$/);
  assert.match(t.frame(), /\* verdict changed by your edits/);
  await t.press('u');
  frame = t.frame();
  assert.match(rowOf(t.lines(), BROKEN), /✗ +✗ +✗ +✓$/);
  assert.match(frame, /Undid: add inbound rule/);
  assert.match(t.lines()[0]!, /2 instances, 1 failing$/);
  await t.press('u');
  assert.match(t.frame(), /Nothing to undo\./);
  t.unmount();
});

test('what-if: f on the list fixes the selected instance\'s first failing check; nothing to fix on a healthy one', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press('f');
  assert.match(rowOf(t.lines(), BROKEN), /✓\* +✓\* +✓\*/);
  await t.press('j', 'f');
  assert.match(t.frame(), /Nothing to fix here/);
  t.unmount();
});

test('what-if: space turns off the rule that decided a hop, and on again', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  // The healthy instance's ssm path, hop 2: its group's egress rule.
  await t.press('j', KEY.enter, KEY.enter, 'j');
  assert.match(t.frame(), /› ✓ SG out +sg-0demoapp000000001 +all traffic to 0\.0\.0\.0\/0/);
  await t.press(' ');
  assert.match(t.flat(), /Turned off: remove outbound rule all traffic to 0\.0\.0\.0\/0 of sg-0demoapp000000001 · 1 instance changed \(3 checks\) · 2\/2 re-evaluated in \d+ ms/);
  assert.match(t.frame(), /✗ blocked via interface-endpoint \(\* was reachable\)/);
  assert.match(t.frame(), /› ✗ SG out +sg-0demoapp000000001 +no matching rule ◀ blocks here/);
  // Both instances use the group: both lose every service check.
  assert.match(t.lines()[0]!, /2 instances, 2 failing · 1 edit, 1 changed/);
  // space again on the same hop: the rule is back.
  await t.press(' ');
  assert.match(t.flat(), /Turned back on: remove outbound rule all traffic/);
  assert.match(t.frame(), /✓ reachable via interface-endpoint/);
  assert.match(t.lines()[0]!, /2 instances, 1 failing$/);
  // A route, a NACL entry and the endpoint behind the DNS answer can be turned off too.
  await t.press('j', 'j', ' ');
  assert.match(t.flat(), /The local route of rtb-0demoprivate00001 cannot be turned off/);
  await t.press('k', ' ');
  assert.match(t.flat(), /Turned off: remove outbound rule 100 of acl-0demodefault00001/);
  await t.press('u', 'g', ' ');
  assert.match(t.flat(), /Turned off: remove endpoint vpce-0demossm000000000/);
  assert.match(t.frame(), /\* was reachable/);
  t.unmount();
});

test('edits view: lists the edits; space turns one off and replays the later ones', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press(KEY.enter, KEY.enter, 'f', KEY.escape, KEY.escape, 'j', KEY.enter, 'j', 'j', 'j', 'f');
  // The healthy instance's imds is reachable: nothing to fix.
  assert.match(t.frame(), /Nothing to fix here/);
  await t.press('k', 'k', 'k', KEY.enter, 'j', ' ');
  await t.press('w');
  let frame = t.frame();
  assert.match(frame, /What-if edits \(2\) · 1 instance with changed verdicts/);
  assert.match(frame, /1\. add inbound rule tcp 443 from 10\.20\.3\.0\/24 to sg-0demoendpoints001/);
  assert.match(frame, /› 2\. remove outbound rule all traffic to 0\.0\.0\.0\/0 of sg-0demoapp000000001/);
  await t.press('k', ' ');
  frame = t.frame();
  assert.match(frame, /What-if edits \(1\)/);
  assert.match(frame, /1\. remove outbound rule all traffic/);
  assert.match(t.flat(), /Dropped edit: add inbound rule/);
  await t.press(KEY.escape);
  assert.match(t.frame(), /✗ SG out/);
  t.unmount();
});

test('export: e writes a change file that parses back to the same operations, and says where', async () => {
  const t = await renderTui({ columns: 100, rows: 30, exportPath: 'out/changes.json' });
  await t.press('e');
  assert.match(t.frame(), /No edits to export yet/);
  await t.press(KEY.enter, KEY.enter, 'f', 'e');
  assert.match(t.flat(), /Wrote 1 edit to out\/changes\.json · ssm-reach check --snapshot models\/demo --what-if out\/changes\.json/);
  const text = t.written.get('out/changes.json');
  assert.ok(text);
  const file = parseChangeFile(text!, 'out/changes.json');
  assert.equal(file.operations, [{ op: 'add-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.20.3.0/24' }]);
  t.unmount();
});

test('help: ? lists every key; esc closes it; q is listed', async () => {
  const t = await renderTui({ columns: 80, rows: 24 });
  await t.press('?');
  const frame = t.frame();
  assertFits(t.lines(), 80, 24);
  for (const key of KEY_HELP) assert.ok(frame.includes(key.keys) && frame.includes(key.does), `help lacks ${key.keys}`);
  assert.match(frame, /✓ reachable {2}✗ blocked {2}◐ partial {2}\? unknown/);
  await t.press(KEY.escape);
  assert.match(t.frame(), /name +instance +subnet/);
  t.unmount();
});

test('larger terminals: the list adds the VPC and the first problem; paths show whole rules', async () => {
  const t = await renderTui({ columns: 160, rows: 40 });
  const lines = t.lines();
  assertFits(lines, 160, 40);
  assert.match(lines[1]!, /ssm +ec2m +ssmm +imds +vpc +first problem/);
  assert.match(rowOf(lines, BROKEN), /vpc-0demo000000000001 +ssm blocked at sg-0demoendpoints001/);
  assert.match(rowOf(lines, HEALTHY), /all reachable/);
  await t.press(KEY.enter, KEY.enter);
  assert.match(t.frame(), /ssm\.eu-west-1\.amazonaws\.com → vpce-0demossm000000000 \(private DNS\)$/m);
  assert.match(t.frame(), /path 1\/1 to 10\.20\.2\.10 \(eni-0demossm0000 of vpce-0demossm000000000\)/);
  t.unmount();
});

test('small terminals: 40×12 still fits, the path scrolls with the cursor', async () => {
  const t = await renderTui({ columns: 40, rows: 12 });
  assertFits(t.lines(), 40, 12);
  await t.press(KEY.enter, KEY.enter, 'g');
  assertFits(t.lines(), 40, 12);
  assert.match(t.frame(), /› ✓ DNS/);
  for (let i = 0; i < 9; i++) await t.press('j');
  assertFits(t.lines(), 40, 12);
  assert.match(t.frame(), /› ✓ ↩ NACL in/);
  t.unmount();
});

test('a fleet: the list scrolls with the cursor, the status line says which rows show, PgDn and G move', async () => {
  const model = buildModel(rawFromDocument(generateRegion({ instances: 300, seed: 3 }).document, 'fleet.json'));
  const t = await renderTui({ columns: 80, rows: 24, model, source: 'fleet.json' });
  assertFits(t.lines(), 80, 24);
  const total = [...model.instances.values()].length;
  assert.match(t.frame(), new RegExp(`rows 1–18 of ${total}`));
  assert.is(t.lines().filter((line) => / i-[0-9a-f]{17} /.test(line)).length, 18);
  // Broken first: the first row has a failing mark.
  assert.match(t.lines()[2]!, /^› .*[✗◐?]/);
  await t.press(KEY.pageDown);
  assert.match(t.frame(), /rows \d+–\d+ of \d+/);
  assert.ok(t.lines().some((line) => line.startsWith('›')), 'the cursor stays on screen');
  await t.press('G');
  assert.match(t.frame(), new RegExp(`rows ${total - 17}–${total} of ${total}`));
  assert.match(t.lines()[19]!, /^› /);
  assertFits(t.lines(), 80, 24);
  t.unmount();
});

test('partial verdicts: the failing path first, n and p switch paths, the fix makes it reachable', async () => {
  const model = buildModel(loadSnapshotPath(new URL('../models/47-endpoint-two-azs-one-nacl-denies', import.meta.url).pathname));
  const t = await renderTui({ columns: 100, rows: 30, model });
  assert.match(t.frame(), /› app +i-0app000000000001 subnet-0app000000001 +◐ +◐ +◐ +✓/);
  await t.press(KEY.enter);
  assert.match(t.frame(), /◐ ssm +partial at acl-0vpcesubnetb0001 \(SUBNET_ACL_RESTRICTION\)/);
  await t.press(KEY.enter);
  assert.match(t.frame(), /◐ partial via interface-endpoint · path 1\/2 \(n\/p\) to 10\.0\.12\.20 \(eni-0vpcessm0000002/);
  assert.match(t.flat(), /2 paths: 1\. 10\.0\.12\.20 \(eni-0vpcessm0000002 of vpce-0ssm00000000001\) blocked; 2\. 10\.0\.2\.20 \(eni-0vpcessm0000001 of vpce-0ssm00000000001\) reachable/);
  assert.match(t.frame(), /✗ NACL in +acl-0vpcesubnetb0001 +rule 90 deny all traffic from 10\.0\.1\.0\/24 ◀ blocks here/);
  assert.match(t.frame(), /fix: Add an inbound rule to acl-0vpcesubnetb0001 numbered below 90/);
  await t.press('n');
  assert.match(t.frame(), /path 2\/2 \(n\/p\) to 10\.0\.2\.20 \(eni-0vpcessm0000001/);
  assert.not.match(t.frame(), /blocks here/);
  await t.press('p');
  assert.match(t.frame(), /path 1\/2 \(n\/p\) to 10\.0\.12\.20/);
  await t.press('f');
  assert.match(t.flat(), /Applied fix: add inbound rule \d+ allow tcp 443 from 10\.0\.1\.0\/24 to acl-0vpcesubnetb0001/);
  assert.match(t.frame(), /✓ reachable via interface-endpoint \(\* was partial\)/);
  t.unmount();
});

test.run();
