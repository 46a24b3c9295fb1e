// Typed main -> renderer event bus. Payloads are validated so a bug can't push junk to the UI.
import { eventContract, type EventName, type EventPayload } from '../../preload/contract/events';

export type EventListener = (name: EventName, payload: unknown) => void;

export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      const checked = eventContract[name].parse(payload);
      for (const l of listeners) {
        try {
          l(name, checked);
        } catch {
          // A broken subscriber (closed window, dropped SSE socket) must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
