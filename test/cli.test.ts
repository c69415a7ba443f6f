import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { generateRegion } from '../bench/generate.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, runJson } from './support/run-cli.ts';
import { DEMO, demoDocument, writeTemp } from './support/snapshots.ts';

const HEALTHY = 'i-0demohealthy00001';
const BROKEN = 'i-0demobroken000001';

test('check on the demo model: exit 1, the broken instance blocked at the endpoint group', async () => {
  const { code, json } = await runJson(['check', '--snapshot', DEMO]);
  assert.is(code, 1);
  assert.is(json.schemaVersion, 1);
  assert.equal(json.source, { kind: 'snapshot', region: 'eu-west-1', path: DEMO });
  const broken = json.results.find((r: any) => r.instanceId === BROKEN);
  const ssm = broken.checks.find((c: any) => c.check === 'ssm');
  assert.equal(ssm.destination, { host: 'ssm.eu-west-1.amazonaws.com', port: 443, protocol: 'tcp' });
  assert.is(ssm.verdict, 'blocked');
  assert.is(ssm.via, 'interface-endpoint');
  assert.is(ssm.blockingHop.resourceId, 'sg-0demoendpoints001');
  assert.is(ssm.blockingHop.kind, 'security-group');
  assert.is(ssm.blockingHop.direction, 'inbound');
  assert.is(ssm.blockingHop.code, 'ENI_SG_RULES_MISMATCH');
  assert.equal(ssm.fix, ['Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10.20.3.0/24 (the subnet of i-0demobroken000001).']);
  assert.ok(ssm.paths[0].hops.some((h: any) => h.decision === 'block' && h.resourceId === 'sg-0demoendpoints001'));
  const imds = broken.checks.find((c: any) => c.check === 'imds');
  assert.is(imds.verdict, 'reachable');
  assert.is(imds.via, 'link-local');
  assert.equal(json.summary, { instances: 2, checks: 8, reachable: 5, blocked: 3, partial: 0, unknown: 0, instancesWithProblems: 1 });
});

test('reachable checks stay short (verdict and via) unless --paths is given', async () => {
  const short = (await runJson(['check', '--snapshot', DEMO, '--instance', HEALTHY])).json;
  assert.equal(short.results[0].checks[0], { check: 'ssm', verdict: 'reachable', via: 'interface-endpoint' });
  const full = (await runJson(['check', '--snapshot', DEMO, '--instance', HEALTHY, '--paths'])).json;
  const ssm = full.results[0].checks[0];
  assert.equal(ssm.destination, { host: 'ssm.eu-west-1.amazonaws.com', port: 443, protocol: 'tcp' });
  assert.is(ssm.blockingHop, null);
  assert.equal(ssm.blockers, []);
  assert.is(ssm.paths.length, 1);
});

test('exit 0 when every selected check is reachable', async () => {
  const run = await runCli(['check', '--snapshot', DEMO, '--instance', HEALTHY]);
  assert.is(run.code, 0);
  assert.match(run.stdout, /✓ ssm/);
});

test('unknown passes unless --strict', async () => {
  const doc = demoDocument();
  doc.DhcpOptions[0].DhcpConfigurations[1].Values = [{ Value: '10.20.0.53' }];
  doc.SecurityGroups.find((g: any) => g.GroupId === 'sg-0demoendpoints001').IpPermissions[0].IpRanges.push({ CidrIp: '10.20.3.0/24' });
  // With a custom resolver the answer could be the endpoint (reachable) or public (no route): unknown.
  const path = writeTemp('custom-dns.json', JSON.stringify(doc));
  const plain = await runJson(['check', '--snapshot', path]);
  assert.is(plain.code, 0);
  const ssm = plain.json.results[0].checks[0];
  assert.is(ssm.verdict, 'unknown');
  assert.is(ssm.blockingHop.resourceId, 'dopt-0demo000000000001');
  assert.is(ssm.blockingHop.code, 'CUSTOM_RESOLVER_UNKNOWN');
  assert.is((await runCli(['check', '--snapshot', path, '--strict'])).code, 1);
});

test('only running instances by default; --all and --instance include others', async () => {
  const doc = demoDocument();
  doc.Reservations[0].Instances[1].State = { Code: 80, Name: 'stopped' };
  const path = writeTemp('stopped.json', JSON.stringify(doc));
  assert.equal((await runJson(['check', '--snapshot', path])).json.results.map((r: any) => r.instanceId), [HEALTHY]);
  assert.is((await runJson(['check', '--snapshot', path, '--all'])).json.results.length, 2);
  const one = (await runJson(['check', '--snapshot', path, '--instance', BROKEN])).json.results[0];
  assert.is(one.state, 'stopped');
  assert.match(one.warnings[0], /stopped/);
});

test('an unknown --instance is a usage error naming it', async () => {
  const run = await runCli(['check', '--snapshot', DEMO, '--instance', 'i-nope']);
  assert.is(run.code, 2);
  assert.match(run.stderr, /no instance i-nope/);
});

test('text output: no colour when not a TTY; the failing hop and the fix are shown', async () => {
  const run = await runCli(['check', '--snapshot', DEMO]);
  assert.not.match(run.stdout, /\u001b\[/);
  assert.match(run.stdout, /✗ ssm +blocked at sg-0demoendpoints001 \(ENI_SG_RULES_MISMATCH\)/);
  assert.match(run.stdout, /security-group inbound +sg-0demoendpoints001 .*◀ blocks here/);
  assert.match(run.stdout, /fix: Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10\.20\.3\.0\/24/);
  assert.match(run.stdout, /same blockers and fix as ssm/);
});

test('colour on a TTY, never with NO_COLOR', async () => {
  const { main } = await import('../src/cli/main.ts');
  const capture = async (env: NodeJS.ProcessEnv) => {
    let out = '';
    await main(['check', '--snapshot', DEMO], { stdout: { write: (c: string) => ((out += c), true), isTTY: true }, stderr: { write: () => true }, env, cwd: process.cwd() });
    return out;
  };
  assert.match(await capture({}), /\u001b\[31m/);
  assert.not.match(await capture({ NO_COLOR: '1' }), /\u001b\[/);
});

test('--help teaches: every command has help with examples', async () => {
  const main = await runCli(['--help']);
  assert.is(main.code, 0);
  assert.match(main.stdout, /ssm-reach check --snapshot PATH/);
  const check = await runCli(['check', '--help']);
  assert.match(check.stdout, /Examples:/);
  assert.match(check.stdout, /Exit codes: 0/);
  assert.match((await runCli(['help', 'check'])).stdout, /--strict/);
});

test('demo: the bundled model, exit 0 even though an instance is broken', async () => {
  const run = await runCli(['demo']);
  assert.is(run.code, 0);
  assert.match(run.stdout, /i-0demohealthy00001 \(web-1\)/);
  assert.match(run.stdout, /✗ ssm +blocked at sg-0demoendpoints001/);
});

test('the built binary runs the demo (npm start path)', () => {
  const bin = new URL('../bin/ssm-reach.js', import.meta.url).pathname;
  const run = spawnSync(process.execPath, [bin, 'check', '--snapshot', DEMO, '--output', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (run.status === 2 && /not built/.test(run.stderr)) return; // dist/ is built by npm install; tests may run before it
  assert.is(run.status, 1, run.stderr);
  assert.is(JSON.parse(run.stdout).summary.blocked, 3);
  assert.is(run.stderr, '');
});

test('a reader that closes the pipe early (| head): no stack trace, the checks\' exit code', () => {
  const bin = new URL('../bin/ssm-reach.js', import.meta.url).pathname;
  if (!existsSync(new URL('../dist/cli.js', import.meta.url))) return; // dist/ is built by npm install
  // Enough output that the reader is gone long before the writer is done.
  const fleet = writeTemp('fleet.json', JSON.stringify(generateRegion({ instances: 400, seed: 4 }).document));
  for (const output of ['json', 'text']) {
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" check --snapshot "${fleet}" --output ${output} | head -c 200 > /dev/null; exit \${PIPESTATUS:-0}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.is(run.stderr, '', `${output}: ${run.stderr.slice(0, 300)}`);
  }
  const status = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" check --snapshot "${fleet}" --output json | head -c 200 > /dev/null; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
  assert.is(status.status, 1, 'the fleet has blocked checks');
  assert.is(status.stderr, '');
});

test.run();
