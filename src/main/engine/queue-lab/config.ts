export { ExperimentConfigSchema, type ExperimentConfig } from '../../../shared/queue-lab';
import type { ExperimentConfig } from '../../../shared/queue-lab';

/** What each queue process reads from FORKSCOPE_QUEUE (JSON): its role's share of the config. */
export interface ProcessConfig {
  socketPath: string;
  id: number;
  experiment: ExperimentConfig;
}
