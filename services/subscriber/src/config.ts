import { BaseConfig } from '@todo-dapr/platform';
import { z } from 'zod';

export const SubscriberConfig = BaseConfig.extend({
  // Event deliveries must prove they come from our sidecar.
  APP_API_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** How long ids of processed events (and of sent mails) are kept to spot redeliveries. */
  PROCESSED_EVENT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
});
export type SubscriberConfig = z.infer<typeof SubscriberConfig>;
