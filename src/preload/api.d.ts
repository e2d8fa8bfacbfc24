import type { ForkscopeApi } from '../shared/contract';

declare global {
  interface Window {
    /** Present only inside the Electron window; the browser build talks WebSocket instead. */
    forkscope?: ForkscopeApi;
  }
}

export {};
