import { writeFileSync } from 'node:fs';
import { Box, render, useApp } from 'ink';
import { useMemo, useRef } from 'react';
import type { ReactElement } from 'react';
import type { CheckName, Finding, Hop, PathResult } from '../eval/types.ts';
import { CHECKS } from '../eval/types.ts';
import type { Model } from '../model/types.ts';
import { EditsView } from './components/edits-view.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { Header } from './components/header.tsx';
import { HelpOverlay } from './components/help-overlay.tsx';
import { InstanceList, listPosition } from './components/instance-list.tsx';
import { InstanceView } from './components/instance-view.tsx';
import { PathView, blockingHopIndex, findingOf, orderedPaths } from './components/path-view.tsx';
import { StatusBar } from './components/status-bar.tsx';
import type { Proposal } from './edits.ts';
import { applyOperations, fixProposal, restoresHop, serializeEdits, toggleProposal } from './edits.ts';
import type { Changes, Evaluation, InstanceRow } from './evaluation.ts';
import { changedVerdicts, evaluateEdit, filterRows } from './evaluation.ts';
import { useEvaluation } from './hooks/use-evaluation.ts';
import { useKeys } from './hooks/use-keys.ts';
import { useTerminalSize } from './hooks/use-terminal-size.ts';
import { ThemeContext } from './hooks/use-theme.ts';
import type { Keystroke } from './keys.ts';
import { HINTS, splitKeystrokes } from './keys.ts';
import { useTuiState } from './hooks/use-tui-state.ts';
import type { Edit, Screen, TuiState } from './state.ts';
import { checkAt, currentScreen } from './state.ts';

export interface TuiProps {
  /** The model as loaded; edits never change it. */
  model: Model;
  /** The instances to show (the same selection `check` makes). */
  instanceIds: readonly string[];
  /** Where the configuration came from, for the header: `snapshot models/demo`. */
  source: string;
  /** Where `e` writes the change file. */
  exportPath: string;
  /** The flags that load the same configuration with `check` (`--snapshot models/demo`). */
  checkArgs: string;
  color: boolean;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  columns?: number;
  rows?: number;
  writeFile?: (path: string, text: string) => void;
}

/** The whole UI with its colour theme and an error boundary that ends the app on a render error. */
export function TuiApp(props: TuiProps) {
  const { exit } = useApp();
  const theme = useMemo(() => ({ color: props.color }), [props.color]);
  return (
    <ThemeContext.Provider value={theme}>
      <ErrorBoundary onError={exit}>
        <Screens {...props} />
      </ErrorBoundary>
    </ThemeContext.Provider>
  );
}

interface View {
  state: TuiState;
  screen: Screen;
  current: Evaluation;
  rows: InstanceRow[];
  selectedId: string | undefined;
}

function Screens(props: TuiProps) {
  const { exit } = useApp();
  const size = useTerminalSize({ ...(props.columns ? { columns: props.columns } : {}), ...(props.rows ? { rows: props.rows } : {}) });
  const width = Math.max(40, size.columns);
  // One row is left free: a frame as tall as the terminal makes ink clear the screen on every render.
  const height = Math.max(10, size.rows - 1);
  const bodyHeight = height - 4;
  const [state, dispatch, stateRef] = useTuiState();
  const { baseline, changes } = useEvaluation(props.model, state.edits, props.instanceIds);
  const filtered = useRef<{ evaluation: Evaluation; filter: string; rows: InstanceRow[] }>(undefined);

  /** Everything the screens and keys need from a state (the key handler passes the newest). */
  const viewOf = (s: TuiState): View => {
    const current = s.edits[s.edits.length - 1]?.evaluation ?? baseline;
    let cache = filtered.current;
    if (!cache || cache.evaluation !== current || cache.filter !== s.filter) {
      cache = { evaluation: current, filter: s.filter, rows: filterRows(current.rows, s.filter) };
      filtered.current = cache;
    }
    const rows = cache.rows;
    const selectedId = rows.some((row) => row.id === s.selectedId) ? s.selectedId : rows[0]?.id;
    return { state: s, screen: currentScreen(s), current, rows, selectedId };
  };
  const view = viewOf(state);

  useKeys((input, key) => {
    for (const stroke of splitKeystrokes(input, key)) {
      if (handleKey(viewOf(stateRef.current), stroke) === 'quit') {
        exit();
        return;
      }
    }
  });

  /** The path on screen in the path view, with the hop under the cursor. */
  const pathOf = (v: View): { row: InstanceRow; path: PathResult; paths: number; hop: Hop | undefined } | undefined => {
    const { screen, state: s } = v;
    if (screen.kind !== 'path') return undefined;
    const row = v.current.byId.get(screen.instanceId);
    const check = row?.explained.checks.find((c) => c.result.check === screen.check);
    const paths = check ? orderedPaths(check) : [];
    const path = paths[Math.min(s.pathIndex, paths.length - 1)];
    if (!row || !path) return undefined;
    return { row, path, paths: paths.length, hop: path.hops[Math.min(s.hopIndex, path.hops.length - 1)] };
  };

  const push = (v: View, proposal: Proposal, verb: string) => {
    let next: Model;
    try {
      next = applyOperations(v.current.model, proposal.operations);
    } catch (error) {
      dispatch({ type: 'message', message: `Could not apply ${proposal.label}: ${(error as Error).message}` });
      return;
    }
    const evaluation = evaluateEdit(v.current, next, props.instanceIds);
    const edit: Edit = { operations: proposal.operations, label: proposal.label, resourceIds: proposal.resourceIds, model: next, evaluation };
    dispatch({ type: 'push-edit', edit, message: `${verb}: ${proposal.label} · ${effect(v.current, evaluation)}` });
  };

  const applyFix = (v: View) => {
    const { screen, state: s } = v;
    let finding: Finding | undefined;
    let row: InstanceRow | undefined;
    let check: CheckName | undefined;
    if (screen.kind === 'path') {
      const p = pathOf(v);
      check = screen.check;
      if (p) {
        row = p.row;
        const blocking = p.path.hops[blockingHopIndex(p.path)];
        finding = (p.hop && findingOf(p.path, p.hop)) ?? (blocking && findingOf(p.path, blocking)) ?? p.path.findings[0];
      }
    } else if (screen.kind === 'instance' || screen.kind === 'list') {
      row = v.current.byId.get(screen.kind === 'instance' ? screen.instanceId : (v.selectedId ?? ''));
      const explained = screen.kind === 'instance' ? row?.explained.checks.find((c) => c.result.check === checkAt(s.checkIndex)) : row?.explained.checks.find((c) => c.result.verdict !== 'reachable');
      check = explained?.result.check;
      finding = explained?.result.findings[0];
    }
    if (!row || !finding || !check) {
      dispatch({ type: 'message', message: 'Nothing to fix here: every check of it is reachable.' });
      return;
    }
    const proposal = fixProposal(v.current.model, finding, { instanceId: row.id, check });
    if (typeof proposal === 'string') dispatch({ type: 'message', message: proposal });
    else push(v, proposal, 'Applied fix');
  };

  const toggle = (v: View) => {
    if (v.screen.kind === 'edits') {
      dropEdit(v, v.state.editIndex, 'Dropped edit');
      return;
    }
    const p = pathOf(v);
    if (!p?.hop) {
      dispatch({ type: 'message', message: "Open a check's path (enter twice) and pick a hop to toggle its rule, route or endpoint." });
      return;
    }
    const hop = p.hop;
    const proposal = toggleProposal(v.current.model, p.path, hop);
    if (typeof proposal !== 'string') {
      push(v, proposal, 'Turned off');
      return;
    }
    // Nothing on the hop to turn off: turn back on what an earlier edit removed from it.
    const index = v.state.edits.findLastIndex((edit) => restoresHop(edit, hop));
    if (index >= 0) dropEdit(v, index, 'Turned back on');
    else dispatch({ type: 'message', message: proposal });
  };

  /** Drop one edit: the last is undone; an earlier one is removed and the later ones replayed. */
  const dropEdit = (v: View, index: number, verb: string) => {
    const edits = v.state.edits;
    const edit = edits[index];
    if (!edit) {
      dispatch({ type: 'message', message: 'No edit to turn off.' });
      return;
    }
    if (index === edits.length - 1) {
      dispatch({ type: 'undo', message: `${verb}: ${edit.label} · ${effect(v.current, edits[index - 1]?.evaluation ?? baseline)}` });
      return;
    }
    const kept: Edit[] = edits.slice(0, index);
    let previous = kept[kept.length - 1]?.evaluation ?? baseline;
    try {
      for (const later of edits.slice(index + 1)) {
        const next = applyOperations(previous.model, later.operations);
        const evaluation = evaluateEdit(previous, next, props.instanceIds);
        kept.push({ ...later, model: next, evaluation });
        previous = evaluation;
      }
    } catch (error) {
      dispatch({ type: 'message', message: `Cannot turn off "${edit.label}": a later edit depends on it (${(error as Error).message}).` });
      return;
    }
    dispatch({ type: 'remove-edit', index, edits: kept, message: `${verb}: ${edit.label} · ${effect(v.current, kept[kept.length - 1]?.evaluation ?? baseline)}` });
  };

  const exportEdits = (v: View) => {
    const edits = v.state.edits;
    if (edits.length === 0) {
      dispatch({ type: 'message', message: 'No edits to export yet (f applies a fix, space toggles a rule).' });
      return;
    }
    try {
      (props.writeFile ?? ((path, text) => writeFileSync(path, text)))(props.exportPath, serializeEdits(edits.flatMap((e) => e.operations)));
      dispatch({ type: 'message', message: `Wrote ${edits.length} edit${edits.length === 1 ? '' : 's'} to ${props.exportPath} · ssm-reach check ${props.checkArgs} --what-if ${props.exportPath}` });
    } catch (error) {
      dispatch({ type: 'message', message: `Could not write ${props.exportPath}: ${(error as Error).message}` });
    }
  };

  const count = (v: View): number => {
    switch (v.screen.kind) {
      case 'list':
        return v.rows.length;
      case 'instance':
        return CHECKS.length;
      case 'path':
        return pathOf(v)?.path.hops.length ?? 0;
      case 'edits':
        return v.state.edits.length;
    }
  };

  const open = (v: View) => {
    const { screen } = v;
    if (screen.kind === 'list' && v.selectedId) dispatch({ type: 'open', screen: { kind: 'instance', instanceId: v.selectedId }, selectedId: v.selectedId });
    else if (screen.kind === 'instance') {
      // The cursor starts on the hop that decides the check, so its reason shows at once.
      const check = v.current.byId.get(screen.instanceId)?.explained.checks.find((c) => c.result.check === checkAt(v.state.checkIndex));
      const first = check ? orderedPaths(check)[0] : undefined;
      dispatch({ type: 'open', screen: { kind: 'path', instanceId: screen.instanceId, check: checkAt(v.state.checkIndex) }, hopIndex: first ? Math.max(0, blockingHopIndex(first)) : 0 });
    }
  };

  /** One keystroke against the newest state. */
  const handleKey = (v: View, { input, key }: Keystroke): 'quit' | undefined => {
    const { screen, state: s } = v;
    const ids = screen.kind === 'list' ? v.rows.map((row) => row.id) : undefined;
    const move = (delta: number) => dispatch({ type: 'move', delta, count: count(v), ...(ids ? { ids, current: v.selectedId } : {}) });
    const jump = (to: 'first' | 'last') => dispatch({ type: 'jump', to, count: count(v), ...(ids ? { ids } : {}) });
    if (s.filtering) {
      if (key.return) dispatch({ type: 'filter-accept' });
      else if (key.escape) dispatch({ type: 'filter-cancel' });
      else if (key.backspace || key.delete) dispatch({ type: 'filter-erase' });
      else if (key.upArrow) move(-1);
      else if (key.downArrow) move(1);
      else if (input && !key.ctrl && !key.meta && !key.tab) dispatch({ type: 'filter-type', text: input });
      return undefined;
    }
    if (input === 'q') return 'quit';
    if (input === '?') {
      dispatch({ type: 'help' });
      return undefined;
    }
    if (s.help) {
      if (key.escape || key.backspace || key.delete || key.leftArrow || key.return) dispatch({ type: 'help', show: false });
      return undefined;
    }
    const page = Math.max(1, bodyHeight - 2);
    if (key.upArrow || input === 'k') move(-1);
    else if (key.downArrow || input === 'j') move(1);
    else if (key.pageUp) move(-page);
    else if (key.pageDown) move(page);
    else if (key.home || input === 'g') jump('first');
    else if (key.end || input === 'G') jump('last');
    else if (key.return || key.rightArrow || input === 'l') open(v);
    else if (key.escape || key.backspace || key.delete || key.leftArrow || input === 'h') dispatch({ type: 'back' });
    else if (input === '/') dispatch({ type: 'filter-start' });
    else if (input === 'n' || input === 'p') {
      const check = screen.kind === 'path' ? v.current.byId.get(screen.instanceId)?.explained.checks.find((c) => c.result.check === screen.check) : undefined;
      const paths = check ? orderedPaths(check) : [];
      dispatch({ type: 'next-path', delta: input === 'n' ? 1 : -1, count: paths.length, hopIndexOf: (i) => Math.max(0, paths[i] ? blockingHopIndex(paths[i]) : 0) });
    }
    else if (input === 'f') applyFix(v);
    else if (input === ' ' || input === 't') toggle(v);
    else if (input === 'u') dispatch({ type: 'undo' });
    else if (input === 'w') {
      if (screen.kind !== 'edits') dispatch({ type: 'open', screen: { kind: 'edits' } });
    } else if (input === 'e') exportEdits(v);
    return undefined;
  };

  const model = view.current.model;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header source={props.source} region={model.region} summary={view.current.summary} edits={state.edits.length} changed={changes.size} width={width} />
      <Box height={bodyHeight} flexDirection="column" overflow="hidden">
        {state.help ? <HelpOverlay width={width} height={bodyHeight} /> : <Body view={view} changes={changes} width={width} height={bodyHeight} exportPath={props.exportPath} />}
      </Box>
      <StatusBar
        message={state.message}
        filter={state.filter}
        filtering={state.filtering}
        hints={state.help ? HINTS.help : HINTS[view.screen.kind]}
        position={view.screen.kind === 'list' && !state.help ? listPosition(view.rows.length, view.rows.findIndex((row) => row.id === view.selectedId), bodyHeight) : ''}
        width={width}
      />
    </Box>
  );
}

interface BodyProps {
  view: View;
  changes: Changes;
  width: number;
  height: number;
  exportPath: string;
}

function Body({ view, changes, width, height, exportPath }: BodyProps) {
  const { screen, state, current, rows, selectedId } = view;
  const list = <InstanceList rows={rows} total={current.rows.length} selectedId={selectedId} changes={changes} width={width} height={height} />;
  switch (screen.kind) {
    case 'list':
      return list;
    case 'instance': {
      const row = current.byId.get(screen.instanceId);
      if (!row) return list;
      return <InstanceView row={row} checkIndex={state.checkIndex} was={changes.get(row.id)} width={width} height={height} />;
    }
    case 'path': {
      const row = current.byId.get(screen.instanceId);
      const check = row?.explained.checks.find((c) => c.result.check === screen.check);
      if (!row || !check) return list;
      return <PathView row={row} check={check} pathIndex={state.pathIndex} hopIndex={state.hopIndex} was={changes.get(row.id)?.[screen.check]} subnetCidr={current.model.subnets.get(row.subnetId)?.cidr?.text} width={width} height={height} />;
    }
    case 'edits':
      return <EditsView edits={state.edits} editIndex={state.editIndex} changed={changes.size} exportPath={exportPath} width={width} height={height} />;
  }
}

/** What an edit did, for the status line: how many instances changed verdicts, and how fast. */
function effect(before: Evaluation, after: Evaluation): string {
  const changed = changedVerdicts(before, after);
  const checks = [...changed.values()].reduce((n, c) => n + Object.keys(c).length, 0);
  return `${changed.size} instance${changed.size === 1 ? '' : 's'} changed (${checks} check${checks === 1 ? '' : 's'}) · ${after.evaluated}/${after.rows.length} re-evaluated in ${Math.round(after.millis)} ms`;
}

export interface RunTuiOptions extends Omit<TuiProps, 'columns' | 'rows' | 'writeFile'> {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Run the TUI full-screen until the user quits. */
export async function runTui(options: RunTuiOptions): Promise<void> {
  const { stdin, stdout, ...props } = options;
  await mountFullScreen(<TuiApp {...props} />, { ...(stdin ? { stdin } : {}), ...(stdout ? { stdout } : {}) });
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

/**
 * Render `element` on the alternate screen until it exits. The terminal is always given back as it
 * was: ink restores raw mode and the cursor when it unmounts; we leave the alternate screen and
 * turn raw mode off again here, after errors, on process exit and on SIGTERM/SIGHUP too.
 */
export async function mountFullScreen(element: ReactElement, streams: { stdin?: NodeJS.ReadStream; stdout?: NodeJS.WriteStream } = {}): Promise<void> {
  const stdin = streams.stdin ?? process.stdin;
  const stdout = streams.stdout ?? process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    } catch {
      // The terminal is gone; nothing to restore.
    }
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(signal === 'SIGTERM' ? 143 : 129);
  };
  process.once('exit', restore);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  stdout.write(ENTER_ALT_SCREEN);
  try {
    const app = render(element, { stdin, stdout, exitOnCtrlC: true, patchConsole: true });
    try {
      await app.waitUntilExit();
    } finally {
      app.cleanup();
    }
  } finally {
    restore();
    process.off('exit', restore);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}
