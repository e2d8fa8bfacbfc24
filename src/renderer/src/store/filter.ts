// The filter language lives in shared/, so `forkscope events --filter` reads it the same way.
export * from '../../../shared/process-filter';
