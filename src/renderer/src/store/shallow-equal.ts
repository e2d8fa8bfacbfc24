/**
 * Equal when both are the same value, or arrays with the same items, or plain objects with the
 * same keys holding the same values (one level deep, compared with Object.is). Rows are
 * replaced, never mutated, when a process changes, so one level is enough for what views select.
 */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => Object.is(item, b[i]));
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Equal when both objects have the same keys and each pair of values is shallowly equal (a view's selection of arrays and rows). */
export function fieldsEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && shallowEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
