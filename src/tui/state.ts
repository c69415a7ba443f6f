import type { CheckName } from '../eval/types.ts';
import { CHECKS } from '../eval/types.ts';
import type { Model } from '../model/types.ts';
import type { Operation } from './edits.ts';
import type { Evaluation } from './evaluation.ts';

// The one reducer of the TUI: navigation (a stack of screens with a cursor each), the filter, the
// help overlay, and the edit stack. Pure: anything computed from the model (rows, hops, the
// operation a key applies) is resolved by the caller and passed in the action.

export type Screen =
  | { kind: 'list' }
  | { kind: 'instance'; instanceId: string }
  | { kind: 'path'; instanceId: string; check: CheckName }
  | { kind: 'edits' };

/** One what-if edit: the operation, a sentence for people, and the model and verdicts after it. */
export interface Edit {
  operations: Operation[];
  label: string;
  /** Resources the edit changes. */
  resourceIds: string[];
  model: Model;
  evaluation: Evaluation;
}

export interface TuiState {
  /** Screens from the instance list (always the bottom) to the one shown. */
  stack: Screen[];
  /** The instance under the list cursor (followed by id, so re-sorting never moves it). */
  selectedId: string | undefined;
  /** Cursor in the instance view: index into CHECKS. */
  checkIndex: number;
  /** Path view: which of the check's paths, and the hop under the cursor. */
  pathIndex: number;
  hopIndex: number;
  /** Cursor in the edits view. */
  editIndex: number;
  filter: string;
  /** Typing goes to the filter. */
  filtering: boolean;
  help: boolean;
  edits: Edit[];
  /** One line for the status bar: what the last key did. */
  message: string | undefined;
}

export type Action =
  | { type: 'move'; delta: number; count: number; ids?: readonly string[]; current?: string | undefined }
  | { type: 'jump'; to: 'first' | 'last'; count: number; ids?: readonly string[] }
  | { type: 'open'; screen: Screen; selectedId?: string; hopIndex?: number }
  | { type: 'back' }
  | { type: 'filter-start' }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-accept' }
  | { type: 'filter-cancel' }
  | { type: 'help'; show?: boolean }
  | { type: 'next-path'; delta: number; count: number; hopIndexOf?: (pathIndex: number) => number }
  | { type: 'push-edit'; edit: Edit; message: string }
  | { type: 'undo'; message?: string }
  | { type: 'remove-edit'; index: number; edits: Edit[]; message: string }
  | { type: 'message'; message: string | undefined };

export function initialState(selectedId?: string): TuiState {
  return { stack: [{ kind: 'list' }], selectedId, checkIndex: 0, pathIndex: 0, hopIndex: 0, editIndex: 0, filter: '', filtering: false, help: false, edits: [], message: undefined };
}

export function currentScreen(state: TuiState): Screen {
  return state.stack[state.stack.length - 1]!;
}

const clamp = (value: number, count: number) => Math.max(0, Math.min(count - 1, value));

export function reducer(state: TuiState, action: Action): TuiState {
  const screen = currentScreen(state);
  switch (action.type) {
    case 'move':
    case 'jump': {
      if (action.count === 0) return state;
      const target = (index: number) => (action.type === 'jump' ? (action.to === 'first' ? 0 : action.count - 1) : clamp(index + action.delta, action.count));
      switch (screen.kind) {
        case 'list': {
          const ids = action.ids ?? [];
          const from = action.type === 'move' ? (action.current ?? state.selectedId) : state.selectedId;
          const index = from === undefined ? -1 : ids.indexOf(from);
          const next = index === -1 && action.type === 'move' ? 0 : target(index);
          return { ...state, selectedId: ids[next], message: undefined };
        }
        case 'instance':
          return { ...state, checkIndex: target(state.checkIndex), message: undefined };
        case 'path':
          return { ...state, hopIndex: target(state.hopIndex), message: undefined };
        case 'edits':
          return { ...state, editIndex: target(state.editIndex), message: undefined };
      }
      return state;
    }
    case 'open': {
      const reset = action.screen.kind === 'path' ? { pathIndex: 0, hopIndex: action.hopIndex ?? 0 } : action.screen.kind === 'instance' ? { checkIndex: screen.kind === 'list' ? 0 : state.checkIndex } : action.screen.kind === 'edits' ? { editIndex: Math.max(0, state.edits.length - 1) } : {};
      return { ...state, ...reset, stack: [...state.stack, action.screen], selectedId: action.selectedId ?? state.selectedId, help: false, message: undefined };
    }
    case 'back':
      if (state.help) return { ...state, help: false };
      if (state.stack.length === 1) return state.filter ? { ...state, filter: '', message: undefined } : state;
      return { ...state, stack: state.stack.slice(0, -1), message: undefined };
    case 'filter-start':
      return { ...state, stack: [{ kind: 'list' }], filtering: true, help: false, message: undefined };
    case 'filter-type':
      return { ...state, filter: state.filter + action.text };
    case 'filter-erase':
      return { ...state, filter: state.filter.slice(0, -1) };
    case 'filter-accept':
      return { ...state, filtering: false };
    case 'filter-cancel':
      return { ...state, filtering: false, filter: '' };
    case 'help':
      return { ...state, help: action.show ?? !state.help };
    case 'next-path': {
      if (action.count <= 1) return state;
      const pathIndex = (state.pathIndex + action.delta + action.count) % action.count;
      return { ...state, pathIndex, hopIndex: action.hopIndexOf?.(pathIndex) ?? 0 };
    }
    case 'push-edit':
      return { ...state, edits: [...state.edits, action.edit], message: action.message };
    case 'undo': {
      const last = state.edits[state.edits.length - 1];
      if (!last) return { ...state, message: 'Nothing to undo.' };
      const edits = state.edits.slice(0, -1);
      return { ...state, edits, editIndex: clamp(state.editIndex, Math.max(1, edits.length)), message: action.message ?? `Undid: ${last.label}` };
    }
    case 'remove-edit':
      return { ...state, edits: action.edits, editIndex: clamp(action.index, Math.max(1, action.edits.length)), message: action.message };
    case 'message':
      return { ...state, message: action.message };
  }
}

export function checkAt(index: number): CheckName {
  return CHECKS[clamp(index, CHECKS.length)]!;
}
