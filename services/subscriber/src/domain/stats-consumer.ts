import type { TodoEvent, UserEvent } from '@todo-dapr/contracts';
import type { StatsStore } from '../dapr/stats-store';
import type { ReceivedEvent } from './event-consumer';
import { applyTodoEvent, applyUserEvent } from './todo-stats';

/** The stats consumer: one handler per topic, and one write per delivery. */
export function createStatsConsumer(stats: StatsStore, clock: () => Date = () => new Date()) {
  return {
    onTodoEvents: async (received: ReceivedEvent<TodoEvent>[]) => {
      await stats.applyAll(
        received.map(({ id, event }) => ({
          eventId: id,
          userId: event.userId,
          todoId: event.todo.id,
          update: (counters, facts) => applyTodoEvent(counters, facts, event, clock()),
        })),
      );
      return new Map<string, unknown>();
    },
    onUserEvents: async (received: ReceivedEvent<UserEvent>[]) => {
      await stats.applyAll(
        received.map(({ id, event }) => ({
          eventId: id,
          userId: event.userId,
          update: (counters) => ({ counters: applyUserEvent(counters, event, clock()) }),
        })),
      );
      return new Map<string, unknown>();
    },
  };
}
