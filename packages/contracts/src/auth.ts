import { z } from 'zod';

/**
 * Password policy (NIST SP 800-63B): length, not composition rules. 12 to 128 characters;
 * the upper bound keeps hashing cost bounded.
 */
export const Password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(128, 'must be at most 128 characters');

export const Username = z
  .string()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, ".", "_" and "-"');

// RFC 5321 limits: 254 characters in all, 64 before the @ (zod's pattern checks neither).
export const Email = z
  .email()
  .max(254)
  .refine((email) => email.slice(0, email.lastIndexOf('@')).length <= 64, {
    error: 'must have at most 64 characters before the @',
  });

export const RegisterBody = z
  .strictObject({ username: Username, email: Email, password: Password })
  .refine((body) => !body.password.toLowerCase().includes(body.username.toLowerCase()), {
    path: ['password'],
    error: 'must not contain the username',
  });
export type RegisterBody = z.infer<typeof RegisterBody>;

/** JSON, or form-encoded as in the OAuth2 password grant (`grant_type=password`). */
export const LoginBody = z.strictObject({
  username: z.string().min(1).max(254),
  password: z.string().min(1).max(128),
  grant_type: z.literal('password').optional(),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.strictObject({
  refresh_token: z.string().min(1).max(200),
  grant_type: z.literal('refresh_token').optional(),
});

export const LogoutBody = z.strictObject({ refresh_token: z.string().min(1).max(200) });

export const PasswordResetBody = z.strictObject({ email: Email });

export const PasswordResetConfirmBody = z.strictObject({
  token: z.string().min(1).max(200),
  password: Password,
});

export const TokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
  refresh_token: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const UserProfile = z.object({
  id: z.string(),
  username: Username,
  email: Email,
  roles: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type UserProfile = z.infer<typeof UserProfile>;
