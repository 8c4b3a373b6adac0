export {
  createTodoClient,
  type DeadLetterPage,
  type TodoClient,
  type TodoClientOptions,
} from './todo-client.js';
export { LiveStreamEnded, type LiveOptions } from './live.js';
export { describeProblem, NetworkError, NotLoggedInError, ProblemError } from './problem-error.js';
export { memoryTokenStore, type Tokens, type TokenStore } from './tokens.js';
export type { Fetch } from './transport.js';
export type {
  CreateTodoBody,
  PatchTodoBody,
  Problem,
  Todo,
  TodoEvent,
  TodoPriority,
  UserProfile,
  UserStats,
} from '@todo-dapr/contracts';
