import { relative } from 'node:path';
import type { RawSnapshot } from '../load/raw-snapshot.ts';
import { loadSnapshotPath } from '../load/snapshot-files.ts';
import { buildModel } from '../model/build-model.ts';
import type { SourceInfo } from '../render/json.ts';
import { colourWanted } from '../render/style.ts';
import { runChecks, selectInstances } from './check-command.ts';
import { demoModelPath } from './demo-command.ts';
import type { Io } from './io.ts';
import { parseOptions } from './options.ts';
import { UsageError } from './usage-error.ts';

export const TUI_HELP = `ssm-reach tui — explore the verdicts interactively and try fixes (what-if).

Usage:
  ssm-reach tui --snapshot PATH [--all] [--export FILE]
  ssm-reach tui --region R [--profile P] [--endpoint-url URL] [--all] [--export FILE]
  ssm-reach tui --demo

Screens: the instance list (broken first, one mark per check), an instance's four checks, and a
check's path hop by hop with the blocking hop, the rule or route behind it, and the fix.
Edits are what-if only (nothing changes in AWS): f applies the suggested fix, space toggles the
rule, route or endpoint of a hop, u undoes, e writes the edits to a change file that
'ssm-reach check --what-if FILE' accepts. ? lists every key; q quits.

Options:
  --snapshot PATH     a saved snapshot (file or folder), as for check
  --region R          a live account (read-only), as for check; --profile, --endpoint-url
  --demo              the bundled demo model
  --all               include stopped and pending instances
  --export FILE       where e writes the change file (default: ssm-reach-changes.json)

When stdin or stdout is not a terminal it prints the text report instead, as check would.
NO_COLOR turns colour off.
`;

const TUI_OPTIONS = {
  snapshot: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  demo: { type: 'boolean' },
  all: { type: 'boolean' },
  export: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function tuiCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions('tui', args, TUI_OPTIONS);
  if (values.help) {
    io.stdout.write(TUI_HELP);
    return 0;
  }
  const sources = [values.snapshot, values.region, values.demo].filter(Boolean).length;
  if (sources > 1) throw new UsageError('give one of --snapshot, --region or --demo.');
  if (sources === 0) throw new UsageError("say what to explore: --snapshot PATH, --region R, or --demo for the bundled demo model.");

  let raw: RawSnapshot;
  let source: SourceInfo;
  let label: string;
  let checkArgs: string;
  if (values.demo) {
    const path = demoModelPath();
    raw = loadSnapshotPath(path);
    source = { kind: 'snapshot', region: null, path: 'models/demo (bundled demo)' };
    label = 'demo model';
    checkArgs = `--snapshot ${relative(io.cwd, path) || '.'}`;
  } else if (values.snapshot) {
    raw = loadSnapshotPath(values.snapshot);
    source = { kind: 'snapshot', region: null, path: values.snapshot };
    label = values.snapshot;
    checkArgs = `--snapshot ${values.snapshot}`;
  } else {
    const { loadLive } = await import('./live-source.ts');
    raw = await loadLive({ region: values.region!, profile: values.profile, endpointUrl: values['endpoint-url'], instanceIds: [] }, io);
    source = { kind: 'aws', region: values.region! };
    label = 'live account';
    checkArgs = `--region ${values.region}${values.profile ? ` --profile ${values.profile}` : ''}`;
  }
  const model = buildModel(raw);
  source.region = model.region ?? source.region;
  const all = values.all ?? false;

  if (!io.stdin?.isTTY || !io.stdout.isTTY) {
    // Not a terminal (a pipe, CI, npm start in a script): the same report check prints.
    const code = await runChecks(model, source, io, { instanceIds: [], all, output: 'text', allPaths: false, verbose: false, strict: false });
    return values.demo ? 0 : code;
  }
  const instanceIds = selectInstances(model, [], all).map((instance) => instance.id);
  const exportPath = values.export ?? 'ssm-reach-changes.json';
  // ink and React load only here: text and JSON output never pay for them. Both ends are terminals,
  // so a CI variable left in the shell must not switch ink to its print-the-last-frame CI mode
  // (ink reads it once, when it loads).
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (process.env[name] !== undefined) process.env[name] = 'false';
  const { runTui } = await import('../tui/app.tsx');
  await runTui({
    model,
    instanceIds,
    source: label,
    exportPath,
    checkArgs,
    color: colourWanted(io.stdout, io.env),
  });
  return 0;
}
