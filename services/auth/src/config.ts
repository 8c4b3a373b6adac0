import { BaseConfig, commaSeparated } from '@todo-dapr/platform';
import { z } from 'zod';

const seconds = z.coerce.number().int().positive();
const count = z.coerce.number().int().positive();
/** A variable auth no longer reads: setting it stops the start, saying what replaced it. */
const retired = (instead: string) =>
  z.undefined({ error: `no longer read: ${instead}` }).optional();

export const AuthConfig = BaseConfig.extend({
  ACCESS_TOKEN_TTL_SECONDS: seconds.default(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: seconds.default(30 * 24 * 3600),
  RESET_TOKEN_TTL_SECONDS: seconds.default(30 * 60),
  /** The public origin, for links in e-mails. */
  PUBLIC_URL: z.url().default('http://127.0.0.1:3001'),
  /** How long attempts are counted per client, and failures remembered after the last wait. */
  THROTTLE_WINDOW_SECONDS: seconds.default(15 * 60),
  LOGIN_ATTEMPTS_PER_CLIENT: count.default(60),
  /** Failed logins with one name from one client before the waits start. */
  LOGIN_FAILURES_BEFORE_DELAY: count.default(5),
  /** The first wait, doubled with every further failure, up to the max. */
  LOGIN_FIRST_DELAY_SECONDS: seconds.default(5),
  LOGIN_MAX_DELAY_SECONDS: seconds.default(15 * 60),
  /** Per window, like the login attempts: per client address, and per e-mail address. */
  REGISTRATIONS_PER_CLIENT: count.default(10),
  REGISTRATIONS_PER_EMAIL: count.default(3),
  REFRESHES_PER_CLIENT: count.default(300),
  RESET_REQUESTS_PER_CLIENT: count.default(5),
  RESET_REQUESTS_PER_EMAIL: count.default(3),
  RESET_CONFIRMS_PER_CLIENT: count.default(10),
  LOGIN_FAILURES_PER_USERNAME: retired(
    'failures now count per name and client; see LOGIN_FAILURES_BEFORE_DELAY',
  ),
  LOGIN_THROTTLE_WINDOW_SECONDS: retired('renamed THROTTLE_WINDOW_SECONDS'),
  /** Comma-separated user ids whose tokens carry the `admin` role, besides the stored operators. */
  OPERATOR_USER_IDS: commaSeparated(),
  ADMIN_USERNAMES: retired(
    'nobody is an operator by name; make one with `npm run operator -- <username>`',
  ),
});
export type AuthConfig = z.infer<typeof AuthConfig>;
