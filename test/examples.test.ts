import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyChanges } from '../src/whatif/apply.ts';
import { parseChangeFile } from '../src/whatif/change-file.ts';
import { runCli } from './support/run-cli.ts';
import { scenario, tempDirFor } from './support/examples.ts';

// The examples say what each command does and how it exits; run every one of them as written.
const ROOT = new URL('../', import.meta.url).pathname;
const EXAMPLES = join(ROOT, 'examples');
const READMES = ['README.md', 'what-if/README.md', 'terraform/README.md', 'github-actions/README.md', 'gitlab-ci/README.md'].map((f) => join(EXAMPLES, f));

interface Command {
  file: string;
  env: Record<string, string>;
  argv: string[];
  exit: number;
  line: string;
}

/** Lines of ```sh blocks ending in `# exit N`: `[VAR=value ...] npx ssm-reach …` or `… sh examples/ci/plan-gate.sh`. */
function commands(): Command[] {
  const out: Command[] = [];
  for (const file of READMES) {
    const text = readFileSync(file, 'utf8');
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      for (const line of block[1]!.split('\n')) {
        const match = /^(.*?)\s+# exit (\d)\b/.exec(line);
        if (!match) continue;
        const words = match[1]!.trim().split(/\s+/);
        const env: Record<string, string> = {};
        while (words[0] && /^[A-Z_]+=/.test(words[0])) {
          const [key, ...value] = words.shift()!.split('=');
          env[key!] = value.join('=');
        }
        out.push({ file, env, argv: words, exit: Number(match[2]), line });
      }
    }
  }
  return out;
}

const all = commands();

test('the READMEs document runnable commands with their exit codes', () => {
  assert.ok(all.length >= 10, `only ${all.length} commands found`);
  for (const file of READMES) assert.ok(all.some((c) => c.file === file) || file.endsWith('examples/README.md'), `${file} has a runnable command`);
});

for (const command of all) {
  test(`${command.file.slice(ROOT.length)}: ${command.line.replace(/\s+#.*$/, '')}`, async () => {
    if (command.argv[0] === 'npx' && command.argv[1] === 'ssm-reach') {
      const run = await runCli(command.argv.slice(2), command.env);
      assert.is(run.code, command.exit, run.stderr || run.stdout);
      return;
    }
    assert.equal(command.argv, ['sh', 'examples/ci/plan-gate.sh'], command.line);
    const out = command.env['OUT'] ?? tempDirFor('gate');
    const run = spawnSync('sh', ['examples/ci/plan-gate.sh'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...command.env, OUT: out, NO_COLOR: '1', GITHUB_ACTIONS: '', SSM_REACH: `${process.execPath} --import tsx ${join(ROOT, 'src/cli/entry.ts')}` },
    });
    assert.is(run.status, command.exit, run.stderr);
    assert.match(readFileSync(join(out, 'ssm-reach.md'), 'utf8'), /^## ssm-reach diff: /);
    const xml = readFileSync(join(out, 'ssm-reach.xml'), 'utf8');
    assert.is((xml.match(/<failure /g) ?? []).length, command.exit === 1 ? 3 : 0);
  });
}

test('every example change file parses and applies to the demo model', () => {
  const dir = join(EXAMPLES, 'what-if');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 2);
  for (const file of files) {
    const changes = parseChangeFile(readFileSync(join(dir, file), 'utf8'), file);
    assert.ok(changes.operations.every((op) => typeof op.description === 'string' && op.description.length > 20), `${file}: every operation explains itself`);
    applyChanges(scenario('demo'), changes.operations);
  }
});

test('both pipelines run the gate script, on terraform show -json output', () => {
  const script = join(EXAMPLES, 'ci/plan-gate.sh');
  assert.ok(existsSync(script));
  for (const file of ['github-actions/workflow.yml', 'gitlab-ci/.gitlab-ci.yml']) {
    const text = readFileSync(join(EXAMPLES, file), 'utf8');
    assert.match(text, /sh examples\/ci\/plan-gate\.sh/);
    assert.match(text, /terraform show -json plan\.tfplan > plan\.json/);
    assert.match(text, /snapshot --region "\$AWS_REGION" --out snapshot\.json/);
    assert.not.match(text, /\t/, `${file}: YAML is indented with spaces`);
  }
  assert.match(readFileSync(join(EXAMPLES, 'gitlab-ci/.gitlab-ci.yml'), 'utf8'), /reports:\n\s+junit: ssm-reach\.xml/);
  assert.match(readFileSync(join(EXAMPLES, 'github-actions/workflow.yml'), 'utf8'), /GITHUB_STEP_SUMMARY/);
});

test.run();
