import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { invoke } from '../engine/dispatch';
import type { Engine } from '../engine/engine';

/**
 * The File menu: open a recording to replay, start or stop recording. Each item calls the same
 * engine command the window's buttons call; outcomes reach the window on the session stream.
 */
export function installMenu(window: BrowserWindow, engine: Engine): void {
  const openRecording = async (): Promise<void> => {
    const picked = await dialog.showOpenDialog(window, {
      title: 'Open a Forkscope recording',
      properties: ['openFile'],
      filters: [{ name: 'Forkscope recordings', extensions: ['gz', 'fsrec', 'ndjson'] }],
    });
    const path = picked.filePaths[0];
    if (picked.canceled || !path) return;
    const opened = await invoke(engine, 'replay:open', { path });
    if (!opened.ok) await dialog.showMessageBox(window, { type: 'error', message: 'This file cannot be replayed', detail: opened.error.message });
  };
  // Like any client: ask the session what it is doing, then send the command that toggles it.
  const toggleRecording = async (): Promise<void> => {
    const status = await invoke(engine, 'session:status', {});
    const done = !status.ok
      ? status
      : status.value.recording
        ? await invoke(engine, 'recorder:stop', {})
        : await invoke(engine, 'recorder:start', {});
    if (!done.ok) await dialog.showMessageBox(window, { type: 'error', message: 'Recording', detail: done.error.message });
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Recording…', accelerator: 'CmdOrCtrl+O', click: () => void openRecording() },
        { label: 'Start or Stop Recording', click: () => void toggleRecording() },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
