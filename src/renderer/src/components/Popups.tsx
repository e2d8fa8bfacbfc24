import { useCallback, type Dispatch } from 'react';
import type { Actions } from '../state/actions';
import type { UiAction, UiState } from '../state/ui-state';
import type { UiCommands } from '../state/use-ui-commands';
import type { LiveStore } from '../store/live-store';
import { useStoreSelector } from '../store/use-store-selector';
import { SpawnDialog } from '../views/SpawnDialog';
import { ContextMenu } from './ContextMenu';
import { KillParentDialog } from './KillParentDialog';
import { KillTreeDialog } from './KillTreeDialog';
import { ShortcutsSheet } from './ShortcutsSheet';
import type { SignalInfo } from '../../../shared/signals';

interface Props {
  popup: UiState['popup'];
  dispatch: Dispatch<UiAction>;
  actions: Actions;
  commands: UiCommands;
  enginePid: number | null;
  platform: string | null;
  signals: readonly SignalInfo[];
}

/** The one popup that is open, if any: the spawn dialog, the shortcuts sheet, the signal menu or the kill-tree confirmation. */
export function Popups({ popup, dispatch, actions, commands, enginePid, platform, signals }: Props) {
  // The signal menu closes by itself when its process is gone.
  const menuKey = popup?.type === 'signal-menu' ? popup.key : null;
  const menuProcess = useStoreSelector(useCallback((s: LiveStore) => (menuKey ? s.table.get(menuKey) : undefined), [menuKey]));
  if (!popup) return null;
  switch (popup.type) {
    case 'kill-parent':
      return (
        <KillParentDialog
          parent={popup.parent}
          enginePid={enginePid}
          platform={platform}
          onCancel={() => dispatch({ type: 'close', popup: 'kill-parent' })}
          onConfirm={() => {
            void actions.kill([popup.parent], false);
            dispatch({ type: 'close', popup: 'kill-parent' });
          }}
        />
      );
    case 'spawn':
      return (
        <SpawnDialog
          onClose={() => dispatch({ type: 'close', popup: 'spawn' })}
          onSpawned={(keys) => keys[0] && dispatch({ type: 'select', key: keys[0] })}
        />
      );
    case 'shortcuts':
      return <ShortcutsSheet onClose={() => dispatch({ type: 'close', popup: 'shortcuts' })} />;
    case 'signal-menu': {
      const process = menuProcess;
      if (!process) return null;
      return (
        <ContextMenu
          x={popup.x}
          y={popup.y}
          title={`${process.name} (${process.pid})`}
          onJoin={() => void actions.join(process)}
          onSignal={commands.signal}
          signals={signals}
          onKillTree={commands.askKillTree}
          onRenice={commands.renice}
          nice={process.nice ?? null}
          target={{ pid: process.pid, startTime: process.startTime }}
          onIonice={commands.ionice}
          onAffinity={commands.affinity}
          onCopy={() => void navigator.clipboard?.writeText(process.cmd)}
          onClose={() => dispatch({ type: 'close', popup: 'signal-menu' })}
        />
      );
    }
    case 'kill-tree':
      return (
        <KillTreeDialog
          roots={popup.roots}
          onCancel={() => dispatch({ type: 'close', popup: 'kill-tree' })}
          onConfirm={(roots) => {
            if (roots.length > 0) void actions.kill(roots, true);
            dispatch({ type: 'close', popup: 'kill-tree' });
          }}
        />
      );
  }
}
