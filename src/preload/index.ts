import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isCommandName, isStreamName, type ForkscopeApi } from '../shared/contract';
import { fail } from '../shared/result';

/**
 * Exposes exactly the contract to the renderer, nothing of ipcRenderer itself. Channel names
 * are the contract's command and stream names; main validates every request again.
 */
const api: ForkscopeApi = {
  call: (command, request) => {
    if (!isCommandName(command)) return Promise.resolve(fail('unknown-command', `unknown command ${JSON.stringify(command)}`));
    return ipcRenderer.invoke(command, request);
  },
  subscribe: (stream, listener) => {
    if (!isStreamName(stream)) throw new Error(`unknown stream ${JSON.stringify(stream)}`);
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(stream, handler);
    return () => {
      ipcRenderer.removeListener(stream, handler);
    };
  },
};

contextBridge.exposeInMainWorld('forkscope', api);
