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
  | 'REGISTRATIONS_PER_CLIENT'
  | 'REGISTRATIONS_PER_EMAIL'
  | 'REFRESHES_PER_CLIENT'
  | 'RESET_REQUESTS_PER_CLIENT'
  | 'RESET_REQUESTS_PER_EMAIL'
  | 'RESET_CONFIRMS_PER_CLIENT'
>;

/** Every limit auth enforces, from its configuration. */
export function limitsFrom(config: LimitSettings) {
  const windowSeconds = config.THROTTLE_WINDOW_SECONDS;
  const perWindow = (name: string, allowed: number): Limit => ({ name, allowed, windowSeconds });
  return {
    loginPerClient: perWindow('login-client', config.LOGIN_ATTEMPTS_PER_CLIENT),
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
    registerPerClient: perWindow('register-client', config.REGISTRATIONS_PER_CLIENT),
    /** Also keeps anyone from probing one address over and over. */
    registerPerEmail: perWindow('register-email', config.REGISTRATIONS_PER_EMAIL),
    refreshPerClient: perWindow('refresh-client', config.REFRESHES_PER_CLIENT),
    resetRequestPerClient: perWindow('reset-request-client', config.RESET_REQUESTS_PER_CLIENT),
    /** Also keeps anyone from filling a stranger's mailbox with reset mails. */
    resetRequestPerEmail: perWindow('reset-request-email', config.RESET_REQUESTS_PER_EMAIL),
    resetConfirmPerClient: perWindow('reset-confirm-client', config.RESET_CONFIRMS_PER_CLIENT),
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
    registration: (email: string, client: string) =>
      throttle.enforce(
        [limits.registerPerClient, subjectOf(client)],
        [limits.registerPerEmail, subjectOf(email)],
      ),
    resetRequest: (email: string, client: string) =>
      throttle.enforce(
        [limits.resetRequestPerClient, subjectOf(client)],
        [limits.resetRequestPerEmail, subjectOf(email)],
      ),
    // Refresh and reset tokens are 256 random bits, used once: guessing one is hopeless, so
    // only the client's pace is limited; a limit per token would add a write and stop nothing.
    resetConfirm: (client: string) =>
      throttle.enforce([limits.resetConfirmPerClient, subjectOf(client)]),
    refresh: (client: string) => throttle.enforce([limits.refreshPerClient, subjectOf(client)]),
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
