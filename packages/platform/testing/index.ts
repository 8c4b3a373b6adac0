// Test support only: tests import it as @todo-dapr/platform/testing; no build compiles it.
export type { SidecarCall } from './daprd-answers';
export type { PublishedMessage } from './fake-pubsub-api';
export * from './fake-sidecar';
export * from './service-deps';
export * from './memory-state-api';
export * from './signed-in';
