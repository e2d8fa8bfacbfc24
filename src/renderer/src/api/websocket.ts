import i18next from 'i18next';
import type { ForkscopeClient } from './client-types';
import { askWhyRefused } from './ask-why-refused';
import { connectWebSocket } from './websocket-connection';

const TOKEN_KEY = 'forkscope.token';

/**
 * The client in a browser: one WebSocket to `forkscope serve`. The token comes from the URL the
 * host printed; it is moved out of the address bar into this tab's session storage so a
 * screenshot or a shared link does not leak it, and a reload still works.
 */
export function websocketClient(location: Location): ForkscopeClient {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  const token = encodeURIComponent(sessionStorage.getItem(TOKEN_KEY) ?? '');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return connectWebSocket({
    address: `${scheme}://${location.host}/ws?token=${token}`,
    explainRefusal: async () => {
      const refusal = await askWhyRefused(`${location.protocol}//${location.host}/ws?token=${token}`);
      // A tab that never had the link's token (opened from the address bar, a bookmark, another tab) or has one from an
      // earlier serve: the way out is a fresh link, in the person's language.
      return refusal?.status === 401 ? { ...refusal, reason: i18next.t('app.tokenRefused', { address: location.origin }) } : refusal;
    },
  });
}
