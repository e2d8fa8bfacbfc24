import { app, BrowserWindow, net, protocol, session, shell } from 'electron';
import { join, normalize, relative, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { Engine } from '../engine/engine';
import { becomeChildSubreaperOrWarn } from '../engine/supervisor/subreaper';
import { preloadFile, rendererDir } from '../paths';
import { bindIpc } from './ipc-binding';
import { installMenu } from './menu';

/**
 * The desktop shell, kept thin: one window over the engine. The renderer is served from a
 * privileged custom scheme rather than file://, so it gets a real origin and our CSP header.
 */
const SCHEME = 'forkscope';
const APP_ORIGIN = `${SCHEME}://app`;

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const root = rendererDir();
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const path = normalize(join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    const inside = relative(root, path);
    if (url.host !== 'app' || inside.startsWith('..') || isAbsolute(inside)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
  // Forkscope needs no camera, notifications or the like: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  becomeChildSubreaperOrWarn();
  const engine = new Engine({ shell: 'electron' });
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Forkscope',
    show: false,
    webPreferences: {
      preload: preloadFile(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const unbind = bindIpc(window, engine, APP_ORIGIN);
  installMenu(window, engine);
  window.on('closed', () => {
    unbind();
  });
  app.on('window-all-closed', () => {
    void engine.close().finally(() => app.quit());
  });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}
