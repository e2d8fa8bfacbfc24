import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { invoke } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { menuText, type MenuText } from './menu-text';

/**
 * The File menu: open a recording to replay, start or stop recording. Each item calls the same
 * engine command the window's buttons call; outcomes reach the window on the session stream.
 * Its words follow the language in settings (read once the engine answers), else the system's.
 */
export function installMenu(window: BrowserWindow, engine: Engine): void {
  build(window, engine, menuText(null, app.getLocale()));
  void invoke(engine, 'settings:get', {}).then((settings) => {
    if (settings.ok && settings.value.language) build(window, engine, menuText(settings.value.language, app.getLocale()));
  });
}

function build(window: BrowserWindow, engine: Engine, text: MenuText): void {
  const openRecording = async (): Promise<void> => {
    const picked = await dialog.showOpenDialog(window, {
      title: text.pickTitle,
      properties: ['openFile'],
      filters: [{ name: text.recordings, extensions: ['gz', 'fsrec', 'ndjson'] }],
    });
    const path = picked.filePaths[0];
    if (picked.canceled || !path) return;
    const opened = await invoke(engine, 'replay:open', { path });
    if (!opened.ok) await dialog.showMessageBox(window, { type: 'error', message: text.cannotReplay, detail: opened.error.message });
  };
  // Like any client: ask the session what it is doing, then send the command that toggles it.
  const toggleRecording = async (): Promise<void> => {
    const status = await invoke(engine, 'session:status', {});
    const done = !status.ok
      ? status
      : status.value.recording
        ? await invoke(engine, 'recorder:stop', {})
        : await invoke(engine, 'recorder:start', {});
    if (!done.ok) await dialog.showMessageBox(window, { type: 'error', message: text.recording, detail: done.error.message });
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: text.file,
      submenu: [
        { label: text.openRecording, accelerator: 'CmdOrCtrl+O', click: () => void openRecording() },
        { label: text.toggleRecording, click: () => void toggleRecording() },
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
