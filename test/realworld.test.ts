import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runJson } from './support/run-cli.ts';

// Every snapshot under ../shared/realworld loads and evaluates (Batfish, pybatfish, CloudMapper
// and recorded cloud-custodian layouts). The data is not ours to commit: skip cleanly without it.
const root = new URL('../../shared/realworld/', import.meta.url).pathname;
const available = existsSync(root);

function snapshots(): string[] {
  if (!available) return [];
  const batfish = readdirSync(join(root, 'batfish')).map((name) => join(root, 'batfish', name, name === 'fixtures' ? '' : 'aws_configs'));
  return [...batfish, join(root, 'pybatfish/hybrid-cloud/aws_configs'), join(root, 'cloudmapper/demo'), join(root, 'cloud-custodian')].filter((path) => existsSync(path));
}

if (!available) {
  test('real-world snapshots (skipped: ../shared/realworld is absent)', () => {});
} else {
  for (const path of snapshots()) {
    test(`loads and evaluates ${path.slice(root.length)}`, async () => {
      const { code, json, stderr } = await runJson(['check', '--snapshot', path, '--all']);
      assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
      assert.is(json.schemaVersion, 1);
      for (const result of json.results) {
        assert.is(result.checks.length, 4);
        for (const check of result.checks) {
          assert.ok(['reachable', 'blocked', 'partial', 'unknown'].includes(check.verdict));
          if (check.verdict !== 'reachable') assert.ok(check.blockingHop?.resourceId, `${result.instanceId} ${check.check} names a blocking resource`);
        }
      }
    });
  }

  test('known verdicts: batfish test-nat-gateway', async () => {
    const { json } = await runJson(['check', '--snapshot', join(root, 'batfish/test-nat-gateway/aws_configs')]);
    const byId = Object.fromEntries(json.results.map((r: any) => [r.instanceId, r.checks]));
    // Jump host in a public subnet with a public IP; test1 behind the NAT; test20 on a table without a default route.
    assert.is(byId['i-0b31b509174d7f5de'][0].via, 'internet-gateway');
    assert.is(byId['i-0b31b509174d7f5de'][0].verdict, 'reachable');
    assert.is(byId['i-0a128d26e59be60f3'][0].via, 'nat-gateway');
    assert.is(byId['i-0a128d26e59be60f3'][0].verdict, 'reachable');
    assert.is(byId['i-0a73a1a6021c03ddb'][0].verdict, 'blocked');
    assert.is(byId['i-0a73a1a6021c03ddb'][0].blockingHop.resourceId, 'rtb-0e169c4a1e0b27b55');
    assert.is(byId['i-0a73a1a6021c03ddb'][0].blockingHop.code, 'NO_ROUTE_TO_DESTINATION');
  });

  test('MISSING_DATA: batfish test has no RouteTables, so service checks are unknown', async () => {
    const { json } = await runJson(['check', '--snapshot', join(root, 'batfish/test/aws_configs'), '--all']);
    assert.ok(json.results.length > 0);
    for (const result of json.results) {
      for (const check of result.checks.filter((c: any) => c.check !== 'imds')) {
        assert.is(check.verdict, 'unknown', `${result.instanceId} ${check.check}`);
        assert.ok(check.blockers.some((b: any) => b.code === 'MISSING_DATA' || b.code === 'MISSING_RESOURCE'), JSON.stringify(check.blockers));
      }
    }
  });
}

test.run();
