import type { SupervisorEvent } from '../../../shared/events';

/**
 * The supervisor's one event stream. A listener that throws is reported and skipped, so one
 * broken view cannot stop the others from hearing that a child exited.
 */
export class EventStream<E = SupervisorEvent> {
  private readonly listeners = new Set<(event: E) => void>();

  /** Returns the unsubscribe function. */
  on(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: E): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('forkscope: a supervisor event listener failed:', error);
      }
    }
  }
}
