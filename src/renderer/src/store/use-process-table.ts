import { useEffect, useRef, useState } from 'react';
import type { AppInfo, Snapshot } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';
import type { Failure } from '../../../shared/result';
import type { ConnectionStatus, ForkscopeClient } from '../api/client';

export interface ProcessTableState {
  info: AppInfo | null;
  /** The table folded from the engine's events; null until the first keyframe. */
  snapshot: Snapshot | null;
  status: ConnectionStatus;
  error: Failure | null;
}

/** The live table, folded from the engine's event stream exactly as a replay would be. */
export function useProcessTable(client: ForkscopeClient): ProcessTableState {
  const tableRef = useRef(new ProcessTable());
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>({ connected: false });
  const [error, setError] = useState<Failure | null>(null);

  useEffect(() => client.onStatus(setStatus), [client]);
  useEffect(
    () =>
      client.subscribe('engine:events', ({ events }) => {
        const table = tableRef.current;
        for (const event of events) table.apply(event);
        if (table.platform !== null) setSnapshot(table.snapshot());
      }),
    [client],
  );
  useEffect(() => {
    if (!status.connected) return;
    void client.call('app:info', {}).then((result) => (result.ok ? setInfo(result.value) : setError(result.error)));
  }, [client, status.connected]);

  return { info, snapshot, status, error };
}
