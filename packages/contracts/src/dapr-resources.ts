/** Dapr component names: the same in components/, deploy/ and the code. */
export const DaprResources = {
  pubsub: 'pubsub',
  /** The same broker for web's live updates: a consumer group per web replica. */
  livePubsub: 'live-pubsub',
  authStore: 'auth-store',
  todoStore: 'todo-store',
  subscriberStore: 'subscriber-store',
  secrets: 'secrets',
  email: 'email',
} as const;

/** Dapr app ids, used for service invocation. */
export const AppIds = {
  auth: 'auth',
  todoApi: 'todo-api',
  subscriber: 'subscriber',
  web: 'web',
} as const;
