import type { TodoEvent } from '@todo-dapr/contracts';

/** One event as a live stream sends it: the CloudEvent id, the event name, its data. */
export interface LiveEvent {
  id: string;
  event: TodoEvent;
}
