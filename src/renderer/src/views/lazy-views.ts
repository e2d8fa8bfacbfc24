import { lazy } from 'react';

// Views a person opens on purpose load when first shown, so the first page carries only the process table.
export const Lessons = lazy(() => import('./Lessons').then((m) => ({ default: m.Lessons })));
export const QueueLab = lazy(() => import('./QueueLab').then((m) => ({ default: m.QueueLab })));
export const ReplayBar = lazy(() => import('./ReplayBar').then((m) => ({ default: m.ReplayBar })));
