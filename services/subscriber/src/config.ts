import { BaseConfig, SecretToken } from '@todo-dapr/platform';
import { z } from 'zod';

export const SubscriberConfig = BaseConfig.extend({
  // Event deliveries must prove they come from our sidecar.
  APP_API_TOKEN: SecretToken,
  /**
   * The page a reset link opens; the token is added as `?token=`. Ours, never taken from the
   * event, so whoever can publish an event cannot point a link elsewhere.
   */
  RESET_PAGE_URL: z.url().default('http://127.0.0.1:3001/reset-password'),
  /** How long ids of processed events (and of sent mails) are kept to spot redeliveries. */
  PROCESSED_EVENT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  /** How long a dead letter is kept (a state TTL); replaying it does not extend that. */
  DEAD_LETTER_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  /** The most dead letters kept; beyond it the oldest are deleted. */
  DEAD_LETTER_MAX: z.coerce.number().int().positive().default(1000),
});
export type SubscriberConfig = z.infer<typeof SubscriberConfig>;
