export * from './dapr-resources';
export * from './problem';
export * from './event-envelope';
export * from './topics';
export * from './todo';
export * from './todo-events';
