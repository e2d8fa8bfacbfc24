import { useCallback, type Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { Actions } from '../state/actions';
import type { UiAction, UiState } from '../state/ui-state';
import type { UiCommands } from '../state/use-ui-commands';
import type { LiveStore } from '../store/live-store';
import { keyOf } from '../store/rows';
import { useStoreSelector } from '../store/use-store-selector';
import { SpawnDialog } from '../views/SpawnDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { ContextMenu } from './ContextMenu';
import { ShortcutsSheet } from './ShortcutsSheet';

interface Props {
  popup: UiState['popup'];
  dispatch: Dispatch<UiAction>;
  actions: Actions;
  commands: UiCommands;
}

/** The one popup that is open, if any: the spawn dialog, the shortcuts sheet, the signal menu or the kill-tree confirmation. */
export function Popups({ popup, dispatch, actions, commands }: Props) {
  const { t } = useTranslation();
  // The signal menu closes by itself when its process is gone.
  const menuKey = popup?.type === 'signal-menu' ? popup.key : null;
  const menuProcess = useStoreSelector(useCallback((s: LiveStore) => (menuKey ? s.table.get(menuKey) : undefined), [menuKey]));
  if (!popup) return null;
  switch (popup.type) {
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
          onKillTree={commands.askKillTree}
          onCopy={() => void navigator.clipboard?.writeText(process.cmd)}
          onClose={() => dispatch({ type: 'close', popup: 'signal-menu' })}
        />
      );
    }
    case 'kill-tree':
      return (
        <ConfirmDialog
          title={t('confirm.killTreeTitle')}
          confirmLabel={t('confirm.killTree', { count: popup.roots.length + popup.members.length })}
          onCancel={() => dispatch({ type: 'close', popup: 'kill-tree' })}
          onConfirm={() => {
            void actions.kill(popup.roots, true);
            dispatch({ type: 'close', popup: 'kill-tree' });
          }}
        >
          <p>{t('confirm.willDie')}</p>
          <ul className="kill-list">
            {[...popup.roots, ...popup.members].map((p) => (
              <li key={keyOf(p)}>
                {p.name} ({p.pid})
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      );
  }
}
