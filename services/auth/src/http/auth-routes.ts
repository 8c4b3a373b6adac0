import {
  LoginBody,
  LogoutBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  RefreshBody,
  RegisterBody,
} from '@todo-dapr/contracts';
import {
  AppError,
  errorFields,
  jsonBody,
  parseOrThrow,
  userOf,
  type AccessTokenVerifier,
  type Logger,
} from '@todo-dapr/platform';
import { Router, type Response } from 'express';
import type { AuthStore } from '../dapr/auth-store';
import type { PublishUserEvent } from '../dapr/user-events';
import { logIn } from '../domain/login';
import {
  confirmPasswordReset,
  requestPasswordReset,
  type PasswordResetDeps,
} from '../domain/password-reset';
import type { RateLimits } from '../domain/rate-limits';
import { registerUser } from '../domain/registration';
import type { Sessions } from '../domain/sessions';
import { clientOf } from '../domain/throttle-subjects';
import { toProfile } from '../domain/user';

export interface AuthRouteDeps {
  store: AuthStore;
  sessions: Sessions;
  limits: RateLimits;
  publish: PublishUserEvent;
  passwordReset: PasswordResetDeps;
  verifier: AccessTokenVerifier;
  /** User ids with the operator role besides the stored operators (OPERATOR_USER_IDS). */
  operatorUserIds: ReadonlySet<string>;
  logger: Logger;
}

// Token answers must never be cached (RFC 6749 §5.1).
const sendTokens = (res: Response, tokens: object) =>
  res.set('Cache-Control', 'no-store').json(tokens);

export function authRoutes(deps: AuthRouteDeps): Router {
  const router = Router();

  // OAuth2 password-grant clients send forms; everyone else JSON.
  router.post('/auth/login', ...jsonBody('8kb', { form: true }), async (req, res) => {
    if ('username' in req.query || 'password' in req.query) {
      throw new AppError(400, 'AUTH.CREDENTIALS_IN_QUERY', 'Bad Request', {
        detail:
          'Send credentials in the request body: URLs end up in access logs and browser history.',
      });
    }
    const body = parseOrThrow(LoginBody, req.body);
    sendTokens(res, await logIn(body, clientOf(req.ip), deps));
  });

  router.post('/auth/refresh', ...jsonBody('8kb', { form: true }), async (req, res) => {
    const body = parseOrThrow(RefreshBody, req.body);
    await deps.limits.refresh(clientOf(req.ip));
    sendTokens(res, await deps.sessions.refresh(body.refresh_token));
  });

  router.use('/auth', jsonBody('8kb'));

  router.post('/auth/register', async (req, res) => {
    const body = parseOrThrow(RegisterBody, req.body);
    await deps.limits.registration(body.email, clientOf(req.ip));
    const user = await registerUser(body, deps);
    res.status(201).location('/auth/me').json(toProfile(user, deps.operatorUserIds));
  });

  router.post('/auth/logout', async (req, res) => {
    await deps.sessions.end(parseOrThrow(LogoutBody, req.body).refresh_token);
    res.status(204).end();
  });

  router.get('/auth/me', deps.verifier.requireUser, async (req, res) => {
    const found = await deps.store.getUser(userOf(req).id);
    if (!found)
      throw new AppError(404, 'USER.NOT_FOUND', 'Not Found', {
        detail: 'This account no longer exists.',
      });
    res.json(toProfile(found.value, deps.operatorUserIds));
  });

  router.post('/auth/password-reset', async (req, res) => {
    const { email } = parseOrThrow(PasswordResetBody, req.body);
    await deps.limits.resetRequest(email, clientOf(req.ip));
    // Answered before the address is looked up: neither the time taken nor an error can tell
    // whether it has an account. A failure later is logged; the user can simply ask again.
    res.status(202).json({
      status: 'accepted',
      detail: 'If the address is registered, a reset link is on its way.',
    });
    requestPasswordReset(email, deps.passwordReset).catch((error: unknown) => {
      deps.logger.error('a password reset failed after it was accepted', errorFields(error));
    });
  });

  router.post('/auth/password-reset/confirm', async (req, res) => {
    const body = parseOrThrow(PasswordResetConfirmBody, req.body);
    await deps.limits.resetConfirm(clientOf(req.ip));
    await confirmPasswordReset(body.token, body.password, deps.passwordReset);
    res.status(204).end();
  });

  return router;
}
