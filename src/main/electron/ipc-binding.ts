import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES, STREAM_NAMES } from '../../shared/contract';
import { fail } from '../../shared/result';
import { dispatchCommand } from '../engine/dispatch';
import type { Engine } from '../engine/engine';

/**
 * Binds the contract to ipcMain: one handler per command, named as the contract names it.
 * A call is served only when it comes from our window's own frame at our own origin.
 */
export function bindIpc(window: BrowserWindow, engine: Engine, appOrigin: string): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean =>
    event.sender === window.webContents && (event.senderFrame?.url ?? '').startsWith(`${appOrigin}/`);

  for (const command of COMMAND_NAMES) {
    ipcMain.handle(command, (event, request: unknown) => {
      if (!trusted(event)) return fail('refused', `${command} refused: the caller is not Forkscope's own window`);
      return dispatchCommand(engine, command, request);
    });
  }
  const unsubscribes = STREAM_NAMES.map((stream) =>
    engine.subscribe(stream, (payload) => {
      if (!window.isDestroyed()) window.webContents.send(stream, payload);
    }),
  );
  return () => {
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(command);
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
