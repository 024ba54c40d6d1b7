import { EventEmitter } from 'node:events';
import type { PlanboxEventName, PlanboxEvents } from '../../src-preload/contract';

/** A typed in-process event bus; surfaces forward it (IPC, server-sent events, CLI output). */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<E extends PlanboxEventName>(name: E, payload: PlanboxEvents[E]): void {
    this.emitter.emit(name, payload);
  }

  on<E extends PlanboxEventName>(name: E, listener: (payload: PlanboxEvents[E]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
