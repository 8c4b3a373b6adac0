/** Topic names are contracts shared by publishers, subscriptions and deploy files. */
export const Topics = {
  todos: 'todos',
  users: 'users',
  todosDeadLetter: 'todos-dlq',
  usersDeadLetter: 'users-dlq',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];
