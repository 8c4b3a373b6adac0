import type { FirstAnswer } from './idempotency';
import type { TodoWrite } from './todo-changes';
import type { UserTodos } from './user-todos';

/** What one commit of a user's todos writes; the store turns it into state operations. */
export interface UserCommit {
  /** The user's index as it is to be, if it still is as it was read. */
  index: UserTodos;
  todos: TodoWrite[];
  /** Written only if no answer to that key is stored yet. */
  firstAnswer?: FirstAnswer;
}
