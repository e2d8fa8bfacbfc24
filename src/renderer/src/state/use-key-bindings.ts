import { useEffect, useLayoutEffect, useRef } from 'react';
import { bindingFor, type KeyAction } from './key-bindings';

/** A handler for every action of the key table, so a key in the table cannot lack one. */
export type KeyHandlers = Record<KeyAction, () => void>;

/** Runs the key table's action for each key pressed, except while typing in a field or under a modal (Escape still works). */
export function useKeyBindings(handlers: KeyHandlers): void {
  const current = useRef(handlers);
  useLayoutEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
      if (typing && event.key !== 'Escape') return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('[aria-modal="true"]') && event.key !== 'Escape') return;
      const binding = bindingFor(event.key);
      if (binding) {
        event.preventDefault();
        current.current[binding.action]();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
