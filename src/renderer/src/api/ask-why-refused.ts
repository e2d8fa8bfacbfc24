import type { Refusal } from './websocket-connection';

/** The host answers a plain GET on the WebSocket path with the same checks: 401 wrong token, 429 too many tries, 403 host or origin. */
export async function askWhyRefused(url: string): Promise<(Refusal & { status: number }) | null> {
  const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
  if (response.status !== 401 && response.status !== 403 && response.status !== 429) return null;
  const reason = (await response.text()).trim().slice(0, 300) || `Forkscope refused the connection (HTTP ${response.status})`;
  return { reason, retry: response.status === 429, status: response.status };
}
