// `check --region` and `snapshot` end to end against the loopback EC2 Query server: verdicts,
// unknowns that name the missing permission, the snapshot round trip, atomic writes, progress.

import { LIVE_TEST_ENV } from './support/ec2-live-env.ts';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Io } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';
import { SMALL_VPC_IDS, SMALL_VPC_INSTANCES, smallVpcDocument } from './support/ec2-fixtures.ts';
import { startEc2QueryServer } from './support/ec2-query-server.ts';
import type { Ec2QueryServer, FaultPlan } from './support/ec2-query-server.ts';

const ROOT = new URL('..', import.meta.url).pathname;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in-process, with captured output; `tty` makes stderr look like a terminal. */
async function cli(argv: string[], options: { tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (chunk: string) => ((stdout += chunk), true) },
    stderr: { write: (chunk: string) => ((stderr += chunk), true), ...(options.tty ? { isTTY: true } : {}) },
    env: { ...LIVE_TEST_ENV },
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

async function withServer<T>(faults: FaultPlan, body: (server: Ec2QueryServer) => Promise<T>): Promise<T> {
  const server = await startEc2QueryServer({ document: smallVpcDocument(), faults });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

const live = (server: Ec2QueryServer, ...more: string[]) => ['--region', 'us-east-1', '--endpoint-url', server.url, ...more];

type Blocker = { resourceId: string; code: string; message: string };
type Check = { check: string; verdict: string; via?: string; blockingHop: null | Blocker; blockers: Blocker[] };
type Result = { instanceId: string; checks: Check[] };

function verdicts(json: { results: Result[] }): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const r of json.results) out[r.instanceId] = Object.fromEntries(r.checks.map((c) => [c.check, c.verdict]));
  return out;
}

const check = (json: { results: Result[] }, instanceId: string, name: string): Check => {
  const found = json.results.find((r) => r.instanceId === instanceId)?.checks.find((c) => c.check === name);
  assert.ok(found, `no ${name} check for ${instanceId}`);
  return found as Check;
};

const tempDir = () => mkdtempSync(join(tmpdir(), 'ssm-reach-snapshot-'));

// ---------------------------------------------------------------------------------------------

const checkRegion = suite('check --region');

checkRegion('verdicts for the whole region, from the live reader', async () => {
  await withServer({}, async (server) => {
    const run = await cli(['check', ...live(server), '--output', 'json']);
    assert.is(run.stderr, '');
    assert.is(run.code, 1); // web-1 and isolated-1 are blocked
    const json = JSON.parse(run.stdout);
    assert.equal(json.source, { kind: 'aws', region: 'us-east-1' });
    const all = { ssm: 'reachable', ec2messages: 'reachable', ssmmessages: 'reachable', imds: 'reachable' };
    const blocked = { ssm: 'blocked', ec2messages: 'blocked', ssmmessages: 'blocked', imds: 'reachable' };
    assert.equal(verdicts(json), {
      [SMALL_VPC_INSTANCES.app]: all,
      [SMALL_VPC_INSTANCES.web]: blocked,
      [SMALL_VPC_INSTANCES.isolated]: blocked,
    });
    assert.is(check(json, SMALL_VPC_INSTANCES.app, 'ssm').via, 'interface-endpoint');
    assert.is(check(json, SMALL_VPC_INSTANCES.web, 'ssm').blockingHop?.resourceId, 'sg-0b2b2b2b2b2b2b2b2');
    assert.is(check(json, SMALL_VPC_INSTANCES.isolated, 'ssm').blockingHop?.resourceId, 'rtb-0f9e8d7c6b5a40013');
    assert.ok(server.requests.every((r) => /^(Describe|Get)/.test(r.action)));
  });
});

checkRegion('--instance reads only that instance and its VPC', async () => {
  await withServer({}, async (server) => {
    const run = await cli(['check', ...live(server, '--instance', SMALL_VPC_INSTANCES.app), '--output', 'json']);
    assert.is(run.code, 0);
    const json = JSON.parse(run.stdout);
    assert.equal(Object.keys(verdicts(json)), [SMALL_VPC_INSTANCES.app]);
    assert.equal(server.requests[0]?.filters, { 'instance-id': [SMALL_VPC_INSTANCES.app] });
    const vpcFilters = server.requests.flatMap((r) => r.filters['vpc-id'] ?? []);
    assert.ok(vpcFilters.length > 0);
    assert.ok(vpcFilters.every((id) => id === SMALL_VPC_IDS.main), 'read outside the instance VPC');
  });
});

checkRegion('a denied call: the checks that needed it are unknown and name the permission', async () => {
  await withServer({ DescribeSecurityGroups: { kind: 'deny' } }, async (server) => {
    const run = await cli(['check', ...live(server, '--instance', SMALL_VPC_INSTANCES.app), '--output', 'json']);
    assert.is(run.code, 0); // unknown passes without --strict
    assert.is(
      run.stderr,
      'ssm-reach: warning: ec2:DescribeSecurityGroups was denied, so the input has no SecurityGroups; checks that need it are unknown.\n',
    );
    const json = JSON.parse(run.stdout);
    for (const name of ['ssm', 'ec2messages', 'ssmmessages']) {
      const c = check(json, SMALL_VPC_INSTANCES.app, name);
      assert.is(c.verdict, 'unknown', name);
      assert.is(c.blockingHop?.code, 'MISSING_DATA');
      assert.match(c.blockingHop?.message ?? '', 'needs ec2:DescribeSecurityGroups');
    }
    assert.is(check(json, SMALL_VPC_INSTANCES.app, 'imds').verdict, 'reachable');
    const strict = await cli(['check', ...live(server, '--instance', SMALL_VPC_INSTANCES.app), '--strict', '--output', 'json']);
    assert.is(strict.code, 1);
  });
});

checkRegion('a denied DescribeNetworkInterfaces: endpoint paths are unknown, naming it', async () => {
  await withServer({ DescribeNetworkInterfaces: { kind: 'deny' } }, async (server) => {
    const run = await cli(['check', ...live(server, '--instance', SMALL_VPC_INSTANCES.app), '--output', 'json']);
    const json = JSON.parse(run.stdout);
    const c = check(json, SMALL_VPC_INSTANCES.app, 'ssm');
    assert.is(c.verdict, 'unknown');
    assert.match(c.blockingHop?.message ?? '', 'needs ec2:DescribeNetworkInterfaces');
  });
});

// DESIGN.md §2: missing data never becomes reachable.
checkRegion('a denied DescribeVpcEndpoints makes the SSM checks unknown', async () => {
  await withServer({ DescribeVpcEndpoints: { kind: 'deny' } }, async (server) => {
    const json = JSON.parse((await cli(['check', ...live(server, '--instance', SMALL_VPC_INSTANCES.app), '--output', 'json'])).stdout);
    const c = check(json, SMALL_VPC_INSTANCES.app, 'ssm');
    assert.is(c.verdict, 'unknown');
    assert.match(c.blockingHop?.message ?? '', 'needs ec2:DescribeVpcEndpoints');
  });
});

// app-1 shares its subnet with the endpoint ENIs, so no NACL is crossed (NACL-5) and it stays
// reachable; web-1 reaches the endpoints from another subnet, so its NACLs matter.
checkRegion('a denied DescribeNetworkAcls: NACL hops are unknown, naming the permission, and never pass', async () => {
  await withServer({ DescribeNetworkAcls: { kind: 'deny' } }, async (server) => {
    const json = JSON.parse((await cli(['check', ...live(server), '--output', 'json'])).stdout);
    assert.is(check(json, SMALL_VPC_INSTANCES.app, 'ssm').verdict, 'reachable');
    const c = check(json, SMALL_VPC_INSTANCES.web, 'ssm');
    // web-1's own group already blocks it; the NACL hops it crosses are listed as unknown.
    assert.is(c.verdict, 'blocked');
    assert.is(c.blockingHop?.code, 'ENI_SG_RULES_MISMATCH');
    const missing = c.blockers.filter((b: { code: string }) => b.code === 'MISSING_DATA');
    assert.ok(missing.length > 0);
    for (const b of missing) assert.match(b.message, 'needs ec2:DescribeNetworkAcls');
  });
});

checkRegion('DescribeInstances denied: one input-error line, exit 2', async () => {
  await withServer({ DescribeInstances: { kind: 'deny' } }, async (server) => {
    const run = await cli(['check', ...live(server)]);
    assert.is(run.code, 2);
    assert.is(run.stdout, '');
    assert.is(run.stderr.split('\n').length, 2);
    assert.match(run.stderr, /^ssm-reach: AWS us-east-1: ec2:DescribeInstances was denied, so there are no instances to check/);
  });
});

checkRegion('a failure after retries: one line naming the call, exit 2', async () => {
  await withServer({ DescribeRouteTables: { kind: 'internal' } }, async (server) => {
    const run = await cli(['check', ...live(server)]);
    assert.is(run.code, 2);
    assert.is(run.stdout, '');
    assert.match(run.stderr, /^ssm-reach: AWS us-east-1: EC2 DescribeRouteTables failed after 5 attempts: InternalError/);
    assert.is(run.stderr.split('\n').length, 2);
  });
});

checkRegion('progress on stderr when it is a terminal, silent otherwise', async () => {
  await withServer({}, async (server) => {
    const tty = await cli(['check', ...live(server), '--output', 'json'], { tty: true });
    assert.match(tty.stderr, '\r\x1b[KReading us-east-1: ');
    assert.match(tty.stderr, /Reading us-east-1: 23\/23 calls, 23 pages/);
    assert.ok(tty.stderr.endsWith('\r\x1b[K'), 'the progress line is cleared at the end');
    assert.not.match(tty.stdout, 'Reading');
    const piped = await cli(['check', ...live(server), '--output', 'json']);
    assert.is(piped.stderr, '');
  });
});

checkRegion.run();

// ---------------------------------------------------------------------------------------------

const snapshot = suite('snapshot');

snapshot('round trip: check --region and check --snapshot on the written snapshot agree', async () => {
  await withServer({}, async (server) => {
    const dir = tempDir();
    const written = await cli(['snapshot', ...live(server), '--out', dir]);
    assert.is(written.code, 0, written.stderr);
    const file = join(dir, 'us-east-1.json');
    assert.match(written.stdout, `Wrote ${file}: us-east-1, 3 instances, 2 VPCs (23 calls, 23 requests).`);
    assert.equal(readdirSync(dir), ['us-east-1.json']);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved, smallVpcDocument());

    const fromAws = await cli(['check', ...live(server), '--output', 'json']);
    const fromFile = await cli(['check', '--snapshot', file, '--output', 'json']);
    assert.is(fromFile.code, fromAws.code);
    const a = JSON.parse(fromAws.stdout);
    const b = JSON.parse(fromFile.stdout);
    assert.equal(b.source, { kind: 'snapshot', region: 'us-east-1', path: file });
    delete a.source;
    delete b.source;
    assert.equal(b, a);
  });
});

snapshot('--vpc limits the snapshot to that VPC; --out may name a file', async () => {
  await withServer({}, async (server) => {
    const file = join(tempDir(), 'isolated.json');
    const run = await cli(['snapshot', ...live(server, '--vpc', SMALL_VPC_IDS.isolated), '--out', file]);
    assert.is(run.code, 0, run.stderr);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.is(saved.Region, 'us-east-1');
    assert.equal(saved.Vpcs.map((v: { VpcId: string }) => v.VpcId), [SMALL_VPC_IDS.isolated]);
    assert.equal(server.requests.find((r) => r.action === 'DescribeInstances')?.filters, { 'vpc-id': [SMALL_VPC_IDS.isolated] });
  });
});

snapshot('a denied call: the snapshot is written without that key, and a warning names it', async () => {
  await withServer({ DescribeVpcEndpoints: { kind: 'deny' } }, async (server) => {
    const file = join(tempDir(), 'snap.json');
    const run = await cli(['snapshot', ...live(server), '--out', file]);
    assert.is(run.code, 0);
    assert.match(run.stdout, '1 denied: ec2:DescribeVpcEndpoints');
    assert.match(run.stderr, 'ssm-reach: warning: ec2:DescribeVpcEndpoints was denied');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.not.ok('VpcEndpoints' in saved);
    assert.ok('NetworkInterfaces' in saved);
  });
});

snapshot('a failed read leaves an existing snapshot untouched and no temporary file', async () => {
  await withServer({ DescribeSubnets: { kind: 'internal' } }, async (server) => {
    const dir = tempDir();
    const file = join(dir, 'snap.json');
    writeFileSync(file, '{"Region":"us-east-1"}\n');
    const run = await cli(['snapshot', ...live(server), '--out', file]);
    assert.is(run.code, 2);
    assert.match(run.stderr, 'EC2 DescribeSubnets failed');
    assert.is(readFileSync(file, 'utf8'), '{"Region":"us-east-1"}\n');
    assert.equal(readdirSync(dir), ['snap.json']);
  });
});

snapshot('usage errors: no region, no --out, a folder that does not exist', async () => {
  const noRegion = await main(['snapshot', '--out', 'x.json'], {
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: {},
    cwd: process.cwd(),
  });
  assert.is(noRegion, 2);
  const noOut = await cli(['snapshot', '--region', 'us-east-1']);
  assert.is(noOut.code, 2);
  assert.match(noOut.stderr, '--out');
  const badDir = await cli(['snapshot', '--region', 'us-east-1', '--out', '/nonexistent-dir-ssm-reach/x.json']);
  assert.is(badDir.code, 2);
  assert.match(badDir.stderr, 'does not exist');
  const help = await cli(['snapshot', '--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, 'ssm-reach snapshot --region R');
});

snapshot.run();

// ---------------------------------------------------------------------------------------------

const processes = suite('the real CLI process');

const childEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...LIVE_TEST_ENV };
  delete env['AWS_PROFILE'];
  return env;
};

processes('check --region --output json in a separate process', async () => {
  await withServer({}, async (server) => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli/entry.ts', 'check', ...live(server), '--instance', SMALL_VPC_INSTANCES.web, '--output', 'json'],
        { cwd: ROOT, env: childEnv() },
        (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
      );
    });
    assert.is(stderr, '');
    assert.is(code, 1);
    const json = JSON.parse(stdout);
    assert.equal(verdicts(json), { [SMALL_VPC_INSTANCES.web]: { ssm: 'blocked', ec2messages: 'blocked', ssmmessages: 'blocked', imds: 'reachable' } });
    assert.is(server.counts()['DescribeInstances'], 1);
  });
});

processes('an interrupted snapshot leaves no file behind', async () => {
  // DescribeVpcAttribute comes late in the run: hold it, interrupt the process while it waits.
  await withServer({ DescribeVpcAttribute: { kind: 'delay', ms: 10_000 } }, async (server) => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'snapshot', ...live(server), '--out', dir], {
      cwd: ROOT,
      env: childEnv(),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    for (let i = 0; i < 200 && !server.requests.some((r) => r.action === 'DescribeVpcAttribute'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(server.requests.some((r) => r.action === 'DescribeVpcAttribute'), 'the snapshot never reached DescribeVpcAttribute');
    child.kill('SIGINT');
    const ended = await exited;
    assert.ok(ended === 'SIGINT' || ended === 130, `exit ${String(ended)}`);
    assert.equal(readdirSync(dir), []);
    assert.not.ok(existsSync(join(dir, 'us-east-1.json')));
  });
});

processes.run();
