import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mermaidLabel } from '../src/render/markdown.ts';
import { runCli } from './support/run-cli.ts';
import { DEMO, demoDocument, writeTemp } from './support/snapshots.ts';

const BROKEN = 'i-0demobroken000001';

/** Count the elements named `tag` in an XML string (self-closing or not). */
function count(xml: string, tag: string): number {
  return (xml.match(new RegExp(`<${tag}[\\s>/]`, 'g')) ?? []).length;
}

test('junit: a testcase per instance × check; failures carry the blocker, the fix and the path', async () => {
  const run = await runCli(['check', '--snapshot', DEMO, '--output', 'junit']);
  assert.is(run.code, 1);
  const xml = run.stdout;
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ssm-reach"'));
  assert.is(count(xml, 'testsuite'), 2);
  assert.is(count(xml, 'testcase'), 8);
  assert.is(count(xml, 'failure'), 3);
  assert.match(xml, /<testsuite name="i-0demobroken000001 \(batch-1\)" tests="4" failures="3" errors="0" skipped="0">/);
  assert.match(xml, /<testcase classname="i-0demobroken000001 \(batch-1\)" name="ssm ssm\.eu-west-1\.amazonaws\.com:443" time="0">\n\s+<failure message="blocked at sg-0demoendpoints001 \(ENI_SG_RULES_MISMATCH\)" type="ENI_SG_RULES_MISMATCH">/);
  assert.match(xml, /fix: Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10\.20\.3\.0\/24/);
  assert.match(xml, /block +security-group inbound sg-0demoendpoints001: no matching rule/);
  assert.match(xml, /<testcase classname="i-0demohealthy00001 \(web-1\)" name="imds 169\.254\.169\.254:80" time="0"\/>/);
  assert.ok(xml.endsWith('</testsuites>\n'));
});

test('junit: names are escaped; unknown is skipped unless --strict', async () => {
  const doc = demoDocument();
  doc.Reservations[0].Instances[1].Tags = [{ Key: 'Name', Value: 'a<b> & "c"' }];
  doc.DhcpOptions[0].DhcpConfigurations[1].Values = [{ Value: '10.20.0.53' }];
  const path = writeTemp('escape.json', JSON.stringify(doc));
  const plain = (await runCli(['check', '--snapshot', path, '--output', 'junit'])).stdout;
  assert.match(plain, /name="i-0demobroken000001 \(a&lt;b&gt; &amp; &quot;c&quot;\)"/);
  assert.not.match(plain, /"c"\)/);
  // The custom resolver leaves the healthy instance's service checks undecided.
  assert.match(plain, /<testsuite name="i-0demohealthy00001 \(web-1\)" tests="4" failures="0" errors="0" skipped="3">/);
  assert.match(plain, /<skipped message="unknown at dopt-0demo000000000001 \(CUSTOM_RESOLVER_UNKNOWN\)/);
  const strict = (await runCli(['check', '--snapshot', path, '--output', 'junit', '--strict'])).stdout;
  assert.match(strict, /<testsuite name="i-0demohealthy00001 \(web-1\)" tests="4" failures="3" errors="0" skipped="0">/);
  assert.match(strict, /<failure message="unknown at dopt-0demo000000000001 \(CUSTOM_RESOLVER_UNKNOWN\)" type="CUSTOM_RESOLVER_UNKNOWN">/);
});

test('markdown: summary table and the failing path as a Mermaid flowchart', async () => {
  const run = await runCli(['check', '--snapshot', DEMO, '--output', 'markdown']);
  assert.is(run.code, 1);
  const md = run.stdout;
  assert.match(md, /^## ssm-reach: 1 instance of 2 cannot fully reach Systems Manager\n/);
  assert.match(md, /8 checks: 5 reachable, 3 blocked, 0 partial, 0 unknown/);
  assert.match(md, /\| `i-0demobroken000001` \| batch-1 \| ❌ blocked at `sg-0demoendpoints001` \| ❌ blocked at `sg-0demoendpoints001` \| ❌ blocked at `sg-0demoendpoints001` \| ✅ reachable \|/);
  assert.match(md, /### ❌ `i-0demobroken000001` \(batch-1\): ssm, ec2messages, ssmmessages blocked/);
  assert.match(md, /\*\*Fix:\*\* Add an inbound rule to sg-0demoendpoints001/);
  // One chart for the three checks with the same blocker, ending at the blocking group.
  assert.is(md.split('```mermaid').length - 1, 1);
  assert.match(md, /```mermaid\nflowchart LR\n  src\["i-0demobroken000001 \(batch-1\)<br\/>subnet-0demobatch0001"\]:::source\n/);
  assert.match(md, /  h5\["security-group inbound<br\/>sg-0demoendpoints001<br\/>no matching rule"\]:::block\n  h4 --> h5\n/);
  assert.match(md, /  h5 --x dst\n/);
  assert.not.match(md, /h6\[/);
});

test('mermaid labels escape quotes, angle brackets and #', () => {
  assert.is(mermaidLabel('a "b" <c> #1\nx'), 'a #quot;b#quot; #lt;c#gt; #35;1<br/>x');
});

test('GitHub Actions: text output gains ::error annotations only when GITHUB_ACTIONS=true', async () => {
  const plain = await runCli(['check', '--snapshot', DEMO]);
  assert.not.match(plain.stdout, /^::/m);
  const actions = await runCli(['check', '--snapshot', DEMO], { GITHUB_ACTIONS: 'true' });
  assert.is(actions.code, 1);
  const lines = actions.stdout.split('\n').filter((line) => line.startsWith('::'));
  assert.is(lines.length, 1);
  assert.is(
    lines[0],
    '::error title=ssm-reach%3A i-0demobroken000001 (batch-1) ssm%2C ec2messages%2C ssmmessages blocked::blocked at sg-0demoendpoints001 (ENI_SG_RULES_MISMATCH): no inbound rule of sg-0demoendpoints001 (on eni-0demossm0000) allows TCP 443 from 10.20.3.27.%0AFix: Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10.20.3.0/24 (the subnet of i-0demobroken000001).',
  );
  // JSON stays pure JSON in Actions too.
  const json = await runCli(['check', '--snapshot', DEMO, '--output', 'json'], { GITHUB_ACTIONS: 'true' });
  assert.not.match(json.stdout, /^::/m);
});

test('check --what-if: the edited model is checked; the source says so', async () => {
  const change = writeTemp('open.json', JSON.stringify({ version: 1, operations: [{ op: 'add-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.20.3.0/24' }] }));
  const run = await runCli(['check', '--snapshot', DEMO, '--what-if', change, '--output', 'json']);
  assert.is(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  assert.is(json.source.whatIf, change);
  assert.equal(json.summary.blocked, 0);
  const broken = json.results.find((r: any) => r.instanceId === BROKEN);
  assert.equal(broken.checks.map((c: any) => c.verdict), ['reachable', 'reachable', 'reachable', 'reachable']);
  const text = await runCli(['check', '--snapshot', DEMO, '--what-if', change]);
  assert.match(text.stdout, new RegExp(`^ssm-reach · snapshot ${DEMO.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\+ what-if .*open\\.json · eu-west-1\\n`));
});

test('check --what-if: an unknown id is exit 2, one line naming the file, the operation and the id', async () => {
  const change = writeTemp('bad.json', JSON.stringify({
    version: 1,
    operations: [
      { op: 'set-vpc-dns-attribute', vpcId: 'vpc-0demo000000000001', attribute: 'enableDnsHostnames', enabled: true },
      { op: 'set-instance-metadata-options', instanceId: BROKEN, httpTokens: 'required' },
      { op: 'set-endpoint-private-dns', endpointId: 'vpce-0demossm000000000', enabled: true },
      { op: 'add-security-group-rule', groupId: 'sg-123', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.1.0/24' },
    ],
  }));
  const run = await runCli(['check', '--snapshot', DEMO, '--what-if', change]);
  assert.is(run.code, 2);
  assert.is(run.stdout, '');
  assert.is(run.stderr, `ssm-reach: ${change}: $.operations[3]: security group sg-123 is not in the model.\n`);
  const missing = await runCli(['check', '--snapshot', DEMO, '--what-if', '/nonexistent/change.json']);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /^ssm-reach: \/nonexistent\/change\.json: no such file/);
  const shape = await runCli(['check', '--snapshot', DEMO, '--what-if', writeTemp('shape.json', '{"version": 1, "operations": [{"op": "add-route"}]}')]);
  assert.is(shape.code, 2);
  assert.match(shape.stderr, /shape\.json: \$\.operations\[0\]\.routeTableId: is missing; "add-route" needs routeTableId, destination, targetId\.\n$/);
});

test('an unknown --output is a usage error listing the formats', async () => {
  const run = await runCli(['check', '--snapshot', DEMO, '--output', 'xml']);
  assert.is(run.code, 2);
  assert.match(run.stderr, /--output must be one of text, json, junit, markdown/);
});

test.run();
