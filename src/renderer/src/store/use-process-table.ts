import { useEffect, useState } from 'react';
import type { AppInfo, Snapshot } from '../../../shared/model';
import type { Failure } from '../../../shared/result';
import type { ConnectionStatus, ForkscopeClient } from '../api/client';

export interface ProcessTableState {
  info: AppInfo | null;
  table: Snapshot | null;
  status: ConnectionStatus;
  error: Failure | null;
}

/** The live table and what the engine says about itself, fed by the contract's stream. */
export function useProcessTable(client: ForkscopeClient): ProcessTableState {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [table, setTable] = useState<Snapshot | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>({ connected: false });
  const [error, setError] = useState<Failure | null>(null);

  useEffect(() => client.onStatus(setStatus), [client]);
  useEffect(() => client.subscribe('sampler:table', setTable), [client]);
  useEffect(() => {
    if (!status.connected) return;
    void client.call('app:info', {}).then((result) => (result.ok ? setInfo(result.value) : setError(result.error)));
    void client.call('sampler:snapshot', {}).then((result) => {
      if (result.ok) setTable((current) => current ?? result.value);
      else setError(result.error);
    });
  }, [client, status.connected]);

  return { info, table, status, error };
}
