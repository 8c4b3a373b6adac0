import { z } from 'zod';

/** Fields every event's data carries, whatever its name. */
export const EventBase = z.object({
  schemaVersion: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  userId: z.string().min(1),
  sequence: z.number().int().nonnegative(),
});

/** The part of a Dapr-made CloudEvents 1.0 envelope that consumers rely on. */
export const CloudEvent = z.object({
  id: z.string().min(1),
  source: z.string(),
  type: z.string(),
  specversion: z.literal('1.0'),
  topic: z.string().optional(),
  pubsubname: z.string().optional(),
  traceparent: z.string().optional(),
  data: z.unknown(),
});
export type CloudEvent = z.infer<typeof CloudEvent>;
