// The TUI's pure parts: the reducer, fixed-width text, keystroke splitting, evaluation and its
// order, what-if proposals, colour props.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { buildModel } from '../src/model/build-model.ts';
import { describe, fixProposal, restoresHop, toggleProposal } from '../src/tui/edits.ts';
import { changedVerdicts, evaluateModel, filterRows, worstVerdict } from '../src/tui/evaluation.ts';
import { tint, verdictTint } from '../src/tui/hooks/use-theme.ts';
import { splitKeystrokes } from '../src/tui/keys.ts';
import type { Edit } from '../src/tui/state.ts';
import { currentScreen, initialState, reducer } from '../src/tui/state.ts';
import { fit, truncate, windowStart, wrap } from '../src/tui/text.ts';
import { applyChanges } from '../src/whatif/index.ts';

const DEMO_DIR = new URL('../models/demo', import.meta.url).pathname;
const model = buildModel(loadSnapshotPath(DEMO_DIR));
const ids = [...model.instances.keys()];

test('reducer: the list cursor follows instance ids and stays in bounds', () => {
  const list = ['a', 'b', 'c'];
  let s = initialState();
  s = reducer(s, { type: 'move', delta: 1, count: 3, ids: list, current: 'a' });
  assert.is(s.selectedId, 'b');
  s = reducer(s, { type: 'move', delta: 5, count: 3, ids: list });
  assert.is(s.selectedId, 'c');
  s = reducer(s, { type: 'move', delta: -9, count: 3, ids: list });
  assert.is(s.selectedId, 'a');
  s = reducer(s, { type: 'jump', to: 'last', count: 3, ids: list });
  assert.is(s.selectedId, 'c');
  // Re-sorted rows: the cursor moves from where the instance is now.
  s = reducer(s, { type: 'move', delta: -1, count: 3, ids: ['c', 'a', 'b'] });
  assert.is(s.selectedId, 'c');
});

test('reducer: open pushes screens, back pops them, back on the list clears the filter', () => {
  let s = initialState('i-1');
  s = reducer(s, { type: 'open', screen: { kind: 'instance', instanceId: 'i-1' } });
  s = reducer(s, { type: 'move', delta: 2, count: 4 });
  assert.is(s.checkIndex, 2);
  s = reducer(s, { type: 'open', screen: { kind: 'path', instanceId: 'i-1', check: 'ssmmessages' } });
  assert.equal(currentScreen(s), { kind: 'path', instanceId: 'i-1', check: 'ssmmessages' });
  assert.is(s.hopIndex, 0);
  s = reducer(s, { type: 'back' });
  assert.is(currentScreen(s).kind, 'instance');
  assert.is(s.checkIndex, 2, 'the instance view keeps its cursor');
  s = reducer(s, { type: 'back' });
  s = reducer(s, { type: 'back' });
  assert.is(currentScreen(s).kind, 'list');
  s = reducer(reducer(s, { type: 'filter-start' }), { type: 'filter-type', text: 'web' });
  s = reducer(s, { type: 'filter-accept' });
  assert.is(s.filter, 'web');
  assert.is(s.filtering, false);
  s = reducer(s, { type: 'back' });
  assert.is(s.filter, '');
});

test('reducer: help toggles and back closes it first; paths cycle; the edit stack pushes and pops', () => {
  let s = reducer(initialState(), { type: 'help' });
  assert.ok(s.help);
  s = reducer(s, { type: 'back' });
  assert.not.ok(s.help);
  s = reducer(s, { type: 'next-path', delta: -1, count: 3 });
  assert.is(s.pathIndex, 2);
  s = reducer(s, { type: 'next-path', delta: 1, count: 3 });
  assert.is(s.pathIndex, 0);
  const edit = { operations: [], label: 'x', resourceIds: [], model, evaluation: evaluateModel(model, ids) } satisfies Edit;
  s = reducer(s, { type: 'push-edit', edit, message: 'pushed' });
  assert.is(s.edits.length, 1);
  s = reducer(s, { type: 'undo' });
  assert.is(s.edits.length, 0);
  assert.is(s.message, 'Undid: x');
  assert.is(reducer(s, { type: 'undo' }).message, 'Nothing to undo.');
});

test('text: truncate, fit, wrap and the scrolling window', () => {
  assert.is(truncate('abcdef', 4), 'abc…');
  assert.is(truncate('abc', 4), 'abc');
  assert.is(fit('ab', 4), 'ab  ');
  assert.is(fit('✓✗◐?x', 3), '✓✗…');
  assert.equal(wrap('one two three four', 9), ['one two', 'three', 'four']);
  assert.equal(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  assert.is(windowStart(0, 100, 10), 0);
  assert.is(windowStart(50, 100, 10), 45);
  assert.is(windowStart(99, 100, 10), 90);
  assert.is(windowStart(5, 8, 10), 0);
});

test('keys: a chunk of plain text is split into keystrokes; enter, tab and backspace recognised', () => {
  const none = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false, return: false, escape: false, ctrl: false, meta: false, tab: false, backspace: false, delete: false };
  assert.equal(splitKeystrokes('j', none), [{ input: 'j', key: none }]);
  const strokes = splitKeystrokes('/w\r\u007f', none);
  assert.equal(strokes.map((s) => s.input), ['/', 'w', '', '']);
  assert.ok(strokes[2]!.key.return);
  assert.ok(strokes[3]!.key.delete);
  const arrow = { ...none, upArrow: true };
  assert.equal(splitKeystrokes('', arrow), [{ input: '', key: arrow }]);
});

test('evaluation: broken first, changes against the snapshot, filter by any word', () => {
  const base = evaluateModel(model, ids);
  assert.equal(base.rows.map((r) => r.id), ['i-0demobroken000001', 'i-0demohealthy00001']);
  assert.equal(base.rows[0]!.verdicts, { ssm: 'blocked', ec2messages: 'blocked', ssmmessages: 'blocked', imds: 'reachable' });
  assert.is(base.rows[0]!.worst, 'blocked');
  assert.is(worstVerdict(['reachable', 'unknown', 'partial']), 'partial');
  const fixed = evaluateModel(applyChanges(model, [{ op: 'add-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, cidr: '10.20.3.0/24' }]), ids);
  const changes = changedVerdicts(base, fixed);
  assert.equal([...changes], [['i-0demobroken000001', { ssm: 'blocked', ec2messages: 'blocked', ssmmessages: 'blocked' }]]);
  assert.equal(fixed.rows.map((r) => r.worst), ['reachable', 'reachable']);
  assert.equal(filterRows(base.rows, 'WEB').map((r) => r.id), ['i-0demohealthy00001']);
  assert.equal(filterRows(base.rows, 'blocked demo').map((r) => r.id), ['i-0demobroken000001']);
  assert.equal(filterRows(base.rows, 'subnet-0demoapp').map((r) => r.id), ['i-0demohealthy00001']);
});

test('edits: the fix proposal is the fix-operations answer; a toggle names the rule that decided the hop', () => {
  const base = evaluateModel(model, ids);
  const ssm = base.rows[0]!.explained.checks[0]!.result;
  const proposal = fixProposal(model, ssm.findings[0]!, { instanceId: 'i-0demobroken000001', check: 'ssm' });
  assert.ok(typeof proposal !== 'string');
  assert.equal(proposal.operations, [{ op: 'add-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.20.3.0/24' }]);
  const path = ssm.paths[0]!;
  const egress = path.hops.find((h) => h.kind === 'security-group' && h.direction === 'outbound')!;
  const toggle = toggleProposal(model, path, egress);
  assert.ok(typeof toggle !== 'string');
  assert.equal(toggle.operations, [{ op: 'remove-security-group-rule', groupId: 'sg-0demoapp000000001', direction: 'egress', protocol: 'all', cidr: '0.0.0.0/0' }]);
  // The operation applies, and the hop can then turn it back on.
  const edited = applyChanges(model, toggle.operations);
  assert.is(edited.securityGroups.get('sg-0demoapp000000001')!.egress.length, 0);
  assert.ok(restoresHop(toggle, egress));
  const dns = path.hops[0]!;
  const endpoint = toggleProposal(model, path, dns);
  assert.ok(typeof endpoint !== 'string');
  assert.equal(endpoint.operations, [{ op: 'remove-interface-endpoint', endpointId: 'vpce-0demossm000000000' }]);
  const blocked = path.hops.find((h) => h.decision === 'block')!;
  assert.match(toggleProposal(model, path, blocked) as string, /No rule of sg-0demoendpoints001 decided this hop/);
  assert.is(describe({ op: 'add-route', routeTableId: 'rtb-1', destination: '0.0.0.0/0', targetId: 'nat-1' }), 'add route 0.0.0.0/0 → nat-1 to rtb-1');
});

test('colour: props only when colour is on (NO_COLOR turns it off)', () => {
  assert.equal(tint({ color: false }, 'red'), {});
  assert.equal(verdictTint({ color: false }, 'blocked'), {});
  assert.equal(tint({ color: true }, 'red'), { color: 'red' });
  assert.equal(verdictTint({ color: true }, 'partial'), { color: 'yellow' });
});

test.run();
