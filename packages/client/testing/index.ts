// Test support only: tests import it as @todo-dapr/client/testing; no build compiles it.
export * from './fake-origin.js';
