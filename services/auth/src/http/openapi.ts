import {
  buildOpenApi,
  LoginBody,
  LogoutBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  RefreshBody,
  RegisterBody,
  TokenResponse,
  UserProfile,
} from '@todo-dapr/contracts';
import { z } from 'zod';

const FORM_OR_JSON = ['application/json', 'application/x-www-form-urlencoded'];
const NO_STORE = {
  'Cache-Control': { description: 'Tokens are never cached', schema: z.literal('no-store') },
};

/** auth's API, generated from the schemas its routes validate with. */
export const authOpenApi = buildOpenApi({ title: 'todo-dapr auth', version: '1.0.0' }, [
  {
    method: 'post',
    path: '/auth/register',
    summary: 'Create an account',
    body: RegisterBody,
    responses: {
      201: {
        description: 'Created',
        schema: UserProfile,
        headers: { Location: { description: '/auth/me', schema: z.string(), required: true } },
      },
    },
    errors: [409, 429, 503],
  },
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Log in (JSON, or an OAuth2 password grant form)',
    body: LoginBody,
    bodyTypes: FORM_OR_JSON,
    responses: { 200: { description: 'Tokens', schema: TokenResponse, headers: NO_STORE } },
    errors: [401, 429, 503],
  },
  {
    method: 'post',
    path: '/auth/refresh',
    summary: 'Exchange a refresh token (rotated) for new tokens',
    body: RefreshBody,
    bodyTypes: FORM_OR_JSON,
    responses: { 200: { description: 'Tokens', schema: TokenResponse, headers: NO_STORE } },
    errors: [401, 429, 503],
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Revoke a refresh token and its session',
    body: LogoutBody,
    responses: { 204: { description: 'Logged out' } },
    errors: [503],
  },
  {
    method: 'get',
    path: '/auth/me',
    summary: 'The caller’s profile',
    access: 'user',
    responses: { 200: { description: 'Profile', schema: UserProfile } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/auth/password-reset',
    summary: 'E-mail a reset link (202 whether or not the address is registered)',
    body: PasswordResetBody,
    responses: {
      202: {
        description: 'Accepted',
        schema: z.object({ status: z.literal('accepted'), detail: z.string() }),
      },
    },
    errors: [429, 503],
  },
  {
    method: 'post',
    path: '/auth/password-reset/confirm',
    summary: 'Set a new password with a reset token',
    body: PasswordResetConfirmBody,
    responses: { 204: { description: 'Password changed; every session ended' } },
    errors: [429, 503],
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    responses: {
      200: {
        description: 'JWKS',
        schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
      },
    },
    errors: [503],
  },
]);
