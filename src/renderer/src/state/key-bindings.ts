/** Everything a key can do; each is carried out by the handler App gives for it. */
export type KeyAction =
  | 'focus-search'
  | 'focus-filter'
  | 'move-up'
  | 'move-down'
  | 'page-up'
  | 'page-down'
  | 'focus-details'
  | 'tag'
  | 'expand'
  | 'collapse'
  | 'toggle-tree'
  | 'toggle-follow'
  | 'toggle-pause'
  | 'signal-menu'
  | 'kill'
  | 'spawn'
  | 'join'
  | 'help'
  | 'close';

export interface KeyBinding {
  /** KeyboardEvent.key */
  key: string;
  /** How the shortcuts sheet writes the key. */
  shown: string;
  /** What the sheet says it does (an i18n key); keys with the same text share a line. */
  help: string;
  action: KeyAction;
}

/** htop's keys, as one table (htop's Action_setBindings): the window's key handler and the `?` sheet both read it. */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { key: '/', shown: '/', help: 'keys.search', action: 'focus-search' },
  { key: '\\', shown: '\\', help: 'keys.filter', action: 'focus-filter' },
  { key: 'ArrowUp', shown: '↑', help: 'keys.move', action: 'move-up' },
  { key: 'ArrowDown', shown: '↓', help: 'keys.move', action: 'move-down' },
  { key: 'PageUp', shown: 'PgUp', help: 'keys.page', action: 'page-up' },
  { key: 'PageDown', shown: 'PgDn', help: 'keys.page', action: 'page-down' },
  { key: 'Enter', shown: 'Enter', help: 'keys.details', action: 'focus-details' },
  { key: ' ', shown: 'Space', help: 'keys.tag', action: 'tag' },
  { key: '+', shown: '+', help: 'keys.expand', action: 'expand' },
  { key: '-', shown: '-', help: 'keys.expand', action: 'collapse' },
  { key: 't', shown: 't', help: 'keys.tree', action: 'toggle-tree' },
  { key: 'F', shown: 'F', help: 'keys.follow', action: 'toggle-follow' },
  { key: 'Z', shown: 'Z', help: 'keys.pause', action: 'toggle-pause' },
  { key: 'k', shown: 'k', help: 'keys.kill', action: 'signal-menu' },
  { key: 'K', shown: 'K', help: 'keys.killNow', action: 'kill' },
  { key: 'n', shown: 'n', help: 'keys.spawn', action: 'spawn' },
  { key: 'j', shown: 'j', help: 'keys.join', action: 'join' },
  { key: '?', shown: '?', help: 'keys.help', action: 'help' },
  { key: 'Escape', shown: 'Esc', help: 'keys.close', action: 'close' },
];

export function bindingFor(key: string): KeyBinding | undefined {
  return KEY_BINDINGS.find((b) => b.key === key);
}

/** The sheet's lines: the keys that share a text, in table order. */
export function helpLines(bindings: readonly KeyBinding[] = KEY_BINDINGS): Array<{ keys: string[]; help: string }> {
  const lines = new Map<string, string[]>();
  for (const b of bindings) lines.set(b.help, [...(lines.get(b.help) ?? []), b.shown]);
  return [...lines].map(([help, keys]) => ({ keys, help }));
}
