/**
 * What the subscriber answers its sidecar for each delivery: SUCCESS acknowledges,
 * RETRY asks for redelivery, DROP sends the event to the dead-letter topic.
 */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';
