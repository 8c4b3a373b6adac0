import { BaseConfig, commaSeparated } from '@todo-dapr/platform';
import { z } from 'zod';

const seconds = z.coerce.number().int().positive();

export const AuthConfig = BaseConfig.extend({
  ACCESS_TOKEN_TTL_SECONDS: seconds.default(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: seconds.default(30 * 24 * 3600),
  RESET_TOKEN_TTL_SECONDS: seconds.default(30 * 60),
  /** The public origin, for links in e-mails. */
  PUBLIC_URL: z.url().default('http://127.0.0.1:3001'),
  LOGIN_FAILURES_PER_USERNAME: z.coerce.number().int().positive().default(5),
  LOGIN_ATTEMPTS_PER_CLIENT: z.coerce.number().int().positive().default(60),
  LOGIN_THROTTLE_WINDOW_SECONDS: seconds.default(15 * 60),
  /** Comma-separated usernames that get the `admin` role (operator routes). Register them first. */
  ADMIN_USERNAMES: commaSeparated().transform((names) => names.map((n) => n.toLowerCase())),
});
export type AuthConfig = z.infer<typeof AuthConfig>;
