import { useCallback, useRef, useState } from 'react';
import type { Action, TuiState } from '../state.ts';
import { initialState, reducer } from '../state.ts';

/**
 * The reducer's state, also readable synchronously through a ref: keys that arrive in one chunk
 * (a paste, tmux send-keys, fast typing) are handled one after another, each seeing the state
 * the previous one left.
 */
export function useTuiState(): [TuiState, (action: Action) => void, { readonly current: TuiState }] {
  const ref = useRef<TuiState>(undefined as unknown as TuiState);
  if (ref.current === undefined) ref.current = initialState();
  const [state, setState] = useState(ref.current);
  const dispatch = useCallback((action: Action) => {
    ref.current = reducer(ref.current, action);
    setState(ref.current);
  }, []);
  return [state, dispatch, ref];
}
