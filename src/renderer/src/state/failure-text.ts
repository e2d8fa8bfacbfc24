import type { TFunction } from 'i18next';
import type { ErrorKind, Failure, FailureFacts } from '../../../shared/result';

interface Wording {
  kind: ErrorKind;
  /** For a refusal: the reason it names (a wording without one fits only failures without one). */
  reason?: FailureFacts['reason'];
  /** For a reached limit: its name. */
  limit?: string;
  /** The i18n key of the sentence. */
  key: string;
  /** The facts the sentence names; without all of them the engine's own message is shown. */
  needs: ReadonlyArray<keyof FailureFacts>;
}

/** How the UI words a failure, by kind and the facts it carries; the first that fits is used. */
export const WORDINGS: readonly Wording[] = [
  { kind: 'no-such-process', key: 'errors.exitedNamed', needs: ['pid', 'name'] },
  { kind: 'no-such-process', key: 'errors.exited', needs: ['pid'] },
  { kind: 'pid-reused', key: 'errors.pidReused', needs: ['pid'] },
  { kind: 'access-denied', reason: 'other-user', key: 'errors.otherUsersScheduling', needs: ['pid', 'name', 'owner'] },
  { kind: 'access-denied', reason: 'privilege', key: 'errors.needsPrivilege', needs: ['pid', 'name'] },
  { kind: 'invalid-request', reason: 'no-such-cpu', key: 'errors.noSuchCpu', needs: ['value'] },
  { kind: 'access-denied', key: 'errors.notYours', needs: ['pid', 'name', 'owner'] },
  { kind: 'access-denied', key: 'errors.notYoursUnknownOwner', needs: ['pid', 'name'] },
  { kind: 'refused', reason: 'init', key: 'errors.init', needs: ['pid'] },
  { kind: 'refused', reason: 'kernel-thread', key: 'errors.kernelThread', needs: ['pid'] },
  { kind: 'invalid-request', limit: 'MAX_TREE_NODES', key: 'errors.treeTooBig', needs: ['value'] },
  { kind: 'refused', reason: 'self', key: 'errors.self', needs: ['pid'] },
  { kind: 'refused', reason: 'helper', key: 'errors.helper', needs: ['pid'] },
  { kind: 'refused', reason: 'ancestor', key: 'errors.ancestor', needs: ['pid'] },
  { kind: 'refused', reason: 'thread', key: 'errors.thread', needs: ['pid', 'process', 'name'] },
  { kind: 'refused', reason: 'replay', key: 'errors.replay', needs: [] },
  { kind: 'refused', reason: 'recording', key: 'errors.alreadyRecording', needs: ['path'] },
  { kind: 'refused', reason: 'limit', limit: 'limits.maxProcesses', key: 'errors.maxProcesses', needs: ['count', 'value'] },
  { kind: 'refused', reason: 'limit', limit: 'limits.maxExperiments', key: 'errors.maxExperiments', needs: ['count', 'value'] },
  { kind: 'refused', reason: 'limit', limit: 'limits.maxWorkloadMemoryMb', key: 'errors.maxWorkloadMemory', needs: ['count', 'value'] },
  { kind: 'invalid-request', reason: 'not-found', key: 'errors.commandNotFound', needs: ['name'] },
  { kind: 'invalid-request', reason: 'not-executable', key: 'errors.notExecutable', needs: ['name'] },
  { kind: 'invalid-request', reason: 'no-folder', key: 'errors.noFolder', needs: ['path'] },
  { kind: 'invalid-request', reason: 'not-a-folder', key: 'errors.notAFolder', needs: ['path'] },
];

function fits(wording: Wording, failure: Failure): boolean {
  const facts = failure.facts ?? {};
  return (
    wording.kind === failure.kind &&
    wording.reason === facts.reason &&
    wording.limit === facts.limit &&
    wording.needs.every((fact) => facts[fact] !== undefined)
  );
}

/** What the person reads for a failure: its sentence in their language when one fits, else the engine's message. */
export function failureText(t: TFunction, failure: Failure): string {
  const wording = WORDINGS.find((w) => fits(w, failure));
  return wording ? t(wording.key, { ...failure.facts }) : failure.message;
}
