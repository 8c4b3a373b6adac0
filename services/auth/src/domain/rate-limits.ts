import type { AuthConfig } from '../config';
import type { Throttle } from './throttle';
import type { Limit } from './throttle-schedule';
import { subjectOf } from './throttle-subjects';

export type LimitSettings = Pick<
  AuthConfig,
  | 'THROTTLE_WINDOW_SECONDS'
  | 'LOGIN_ATTEMPTS_PER_CLIENT'
  | 'LOGIN_FAILURES_BEFORE_DELAY'
  | 'LOGIN_FIRST_DELAY_SECONDS'
  | 'LOGIN_MAX_DELAY_SECONDS'
>;

/** Every limit auth enforces, from its configuration. */
export function limitsFrom(config: LimitSettings) {
  const windowSeconds = config.THROTTLE_WINDOW_SECONDS;
  return {
    loginPerClient: {
      name: 'login-client',
      allowed: config.LOGIN_ATTEMPTS_PER_CLIENT,
      windowSeconds,
    },
    /** Failures with one name from one client: growing waits, never a lock for everyone. */
    loginFailures: {
      name: 'login-failures',
      allowed: config.LOGIN_FAILURES_BEFORE_DELAY,
      windowSeconds,
      backoff: {
        firstSeconds: config.LOGIN_FIRST_DELAY_SECONDS,
        maxSeconds: config.LOGIN_MAX_DELAY_SECONDS,
      },
    },
  } satisfies Record<string, Limit>;
}

/** The limits of each route, as the use cases call them. */
export function createRateLimits(throttle: Throttle, config: LimitSettings) {
  const limits = limitsFrom(config);
  return {
    /**
     * Counted before the password is checked, as if it failed; a success forgets it. So a
     * burst of parallel guesses is held to the limit as well as a sequence of them.
     */
    loginAttempt: (name: string, client: string) =>
      throttle.enforce(
        [limits.loginPerClient, subjectOf(client)],
        [limits.loginFailures, subjectOf(name, client)],
      ),
    loginSucceeded: (name: string, client: string) =>
      throttle.forget(limits.loginFailures, subjectOf(name, client)),
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
