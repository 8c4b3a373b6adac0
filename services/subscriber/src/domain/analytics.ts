import type { TodoEvent, UserEvent } from '@todo-dapr/contracts';
import type { StatsStore } from '../dapr/stats-store';
import { applyTodoEvent, applyUserEvent } from './todo-stats';

/** Consumer A: the analytics projection, one handler per topic. */
export function createAnalytics(stats: StatsStore, clock: () => Date = () => new Date()) {
  return {
    onTodoEvent: async (eventId: string, event: TodoEvent): Promise<void> => {
      await stats.apply(eventId, event.userId, event.todo.id, (counters, facts) =>
        applyTodoEvent(counters, facts, event, clock()),
      );
    },
    onUserEvent: async (eventId: string, event: UserEvent): Promise<void> => {
      await stats.apply(eventId, event.userId, undefined, (counters) => ({
        counters: applyUserEvent(counters, event, clock()),
      }));
    },
  };
}
