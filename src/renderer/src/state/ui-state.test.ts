import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/model';
import { initialUiState, targetKeys, uiReducer, type UiAction, type UiState } from './ui-state';

const run = (...actions: UiAction[]): UiState => actions.reduce(uiReducer, initialUiState);
const root = { pid: 5, startTime: 9, name: 'fork-tree' } as ProcessInfo;

describe('the UI state', () => {
  it('has at most one popup, and opening one replaces the other', () => {
    const state = run({ type: 'open', popup: { type: 'spawn' } }, { type: 'open', popup: { type: 'shortcuts' } });
    expect(state.popup).toEqual({ type: 'shortcuts' });
  });

  it('closes a popup only by its own name, so a menu item that opens a dialog keeps the dialog', () => {
    const menu = run({ type: 'open', popup: { type: 'signal-menu', key: '5@9', x: 1, y: 2 } });
    // "Kill tree…" in the signal menu: the confirmation opens, then the menu closes itself.
    const confirm = uiReducer(menu, { type: 'open', popup: { type: 'kill-tree', roots: [root] } });
    const after = uiReducer(confirm, { type: 'close', popup: 'signal-menu' });
    expect(after.popup).toEqual({ type: 'kill-tree', roots: [root] });
    expect(uiReducer(after, { type: 'close', popup: 'kill-tree' }).popup).toBeNull();
  });

  it('Escape closes whatever is open', () => {
    expect(run({ type: 'open', popup: { type: 'spawn' } }, { type: 'close-all' }).popup).toBeNull();
    expect(uiReducer(initialUiState, { type: 'close-all' })).toBe(initialUiState);
  });

  it('tags and untags, and the actions act on the tagged processes, else the selected one', () => {
    const selected = run({ type: 'select', key: 'a' });
    expect(targetKeys(selected)).toEqual(['a']);
    const tagged = run({ type: 'select', key: 'a' }, { type: 'toggle-tag', key: 'b' }, { type: 'toggle-tag', key: 'c' });
    expect(targetKeys(tagged)).toEqual(['b', 'c']);
    expect(targetKeys(uiReducer(tagged, { type: 'toggle-tag', key: 'b' }))).toEqual(['c']);
    expect(targetKeys(initialUiState)).toEqual([]);
  });

  it('replaces the tags at once: cleared, every match tagged, or the ended ones dropped', () => {
    const tagged = run({ type: 'select', key: 'a' }, { type: 'toggle-tag', key: 'b' }, { type: 'toggle-tag', key: 'c' });
    expect(targetKeys(uiReducer(tagged, { type: 'set-tags', keys: new Set(['c']) }))).toEqual(['c']);
    // With no tags left, the actions fall back to the selected process.
    expect(targetKeys(uiReducer(tagged, { type: 'set-tags', keys: new Set() }))).toEqual(['a']);
  });

  it('collapses and expands one row, collapses all given rows, expands all', () => {
    const state = run({ type: 'set-collapsed', key: 'a', collapsed: true }, { type: 'set-collapsed', key: 'b', collapsed: true });
    expect([...state.collapsed]).toEqual(['a', 'b']);
    expect([...uiReducer(state, { type: 'set-collapsed', key: 'a', collapsed: false }).collapsed]).toEqual(['b']);
    expect([...uiReducer(state, { type: 'collapse-all', keys: new Set(['x']) }).collapsed]).toEqual(['x']);
    expect(uiReducer(state, { type: 'expand-all' }).collapsed.size).toBe(0);
  });

  it("keeps the outcome of the person's last action per process, and forgets it when told", () => {
    const state = run({ type: 'notice', key: 'a', text: 'sent SIGTERM' }, { type: 'notice', key: 'b', text: 'killed' });
    expect(state.notices.get('a')).toBe('sent SIGTERM');
    expect([...uiReducer(state, { type: 'notice', key: 'a', text: null }).notices.keys()]).toEqual(['b']);
  });

  it('returns the same state for actions that change nothing, so nothing redraws', () => {
    const state = run({ type: 'select', key: 'a' }, { type: 'hover', hovering: true });
    expect(uiReducer(state, { type: 'select', key: 'a' })).toBe(state);
    expect(uiReducer(state, { type: 'hover', hovering: true })).toBe(state);
    expect(uiReducer(state, { type: 'notice', key: 'nobody', text: null })).toBe(state);
    expect(uiReducer(state, { type: 'close', popup: 'spawn' })).toBe(state);
  });

  it('flips the switches, and remembers the connection and a refused drop', () => {
    const state = run(
      { type: 'toggle', flag: 'paused' },
      { type: 'toggle', flag: 'follow' },
      { type: 'toggle', flag: 'follow' },
      { type: 'connection', status: { connected: false, reason: 'the host is gone' } },
      { type: 'drop', dropping: false, error: 'not a recording' },
    );
    expect(state).toMatchObject({ paused: true, follow: false, onlyOwn: false, dropError: 'not a recording' });
    expect(state.connection).toEqual({ connected: false, reason: 'the host is gone' });
    expect(uiReducer(state, { type: 'drop', dropping: true }).dropError).toBe('not a recording');
  });
});
