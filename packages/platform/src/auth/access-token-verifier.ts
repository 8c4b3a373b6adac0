import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { forbidden, unauthorized } from '../errors';

export interface Jwks {
  keys: (JsonWebKey & { kid?: string })[];
}

export interface AuthenticatedUser {
  id: string;
  tokenId: string;
  roles: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the access-token middleware: whose request this is. */
    user?: AuthenticatedUser;
  }
}

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Fetches auth's JWKS (through Dapr service invocation in the services). */
  fetchJwks: () => Promise<Jwks>;
  clockToleranceSeconds?: number;
  /** An unknown `kid` refetches the JWKS at most this often, so bad tokens cannot flood auth. */
  minRefetchIntervalMs?: number;
  /** Tokens remembered as verified, until they expire (an ES256 check costs more than a request). */
  maxCachedTokens?: number;
}

/** The algorithm auth signs access tokens with; verifiers accept no other. */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';
/** The JWT `typ` of an access token (RFC 9068), so no other JWT of ours passes for one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
// RFC 9110 §11.1: the auth scheme is case-insensitive.
const BEARER = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+)$/i;

// `typ` is a media type, so its case does not matter and `application/` may be left out.
const isAccessTokenType = (typ: unknown) =>
  typeof typ === 'string' &&
  [ACCESS_TOKEN_TYPE, `application/${ACCESS_TOKEN_TYPE}`].includes(typ.toLowerCase());

/** Verifies access tokens against auth's published keys, cached and refetched on rotation. */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions) {
  const {
    issuer,
    audience,
    clockToleranceSeconds = 30,
    minRefetchIntervalMs = 30_000,
    maxCachedTokens = 10_000,
  } = options;
  let keys = new Map<string, KeyObject>();
  let fetchedAt = -Infinity;
  let fetching: Promise<void> | undefined;

  const refetch = () => {
    fetching ??= options
      .fetchJwks()
      .then((jwks) => {
        keys = new Map(
          jwks.keys.flatMap((key) =>
            key.kid === undefined
              ? []
              : [[key.kid, createPublicKey({ key, format: 'jwk' })] as const],
          ),
        );
        fetchedAt = Date.now();
      })
      .finally(() => (fetching = undefined));
    return fetching;
  };

  async function keyFor(kid: string): Promise<KeyObject | undefined> {
    if (!keys.has(kid) && Date.now() - fetchedAt >= minRefetchIntervalMs) await refetch();
    return keys.get(kid);
  }

  // A verified token stays valid until its `exp`: nothing here revokes one earlier.
  const verified = new Map<string, { user: AuthenticatedUser; validUntilMs: number }>();

  async function verify(token: string): Promise<AuthenticatedUser> {
    const known = verified.get(token);
    if (known && Date.now() < known.validUntilMs) return known.user;
    verified.delete(token);
    const { user, expiresAt } = await verifySignature(token);
    if (verified.size >= maxCachedTokens) verified.delete(verified.keys().next().value ?? '');
    verified.set(token, { user, validUntilMs: (expiresAt + clockToleranceSeconds) * 1000 });
    return user;
  }

  async function verifySignature(token: string) {
    const decoded = jwt.decode(token, { complete: true });
    // Pin the algorithm before looking at anything else: no `none`, no HS256 with a public key.
    if (
      decoded?.header.alg !== ACCESS_TOKEN_ALGORITHM ||
      !isAccessTokenType(decoded.header.typ) ||
      typeof decoded.payload === 'string'
    ) {
      throw unauthorized('The access token is not valid.');
    }
    const key = decoded.header.kid ? await keyFor(decoded.header.kid) : undefined;
    if (!key) throw unauthorized('The access token was signed with an unknown key.');
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, key, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer,
        audience,
        clockTolerance: clockToleranceSeconds,
      }) as jwt.JwtPayload;
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw unauthorized(
        expired ? 'The access token has expired.' : 'The access token is not valid.',
      );
    }
    // jsonwebtoken checks `exp` only when it is there; a token without one would never expire.
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.jti !== 'string' ||
      typeof claims.exp !== 'number'
    ) {
      throw unauthorized('The access token is not valid.');
    }
    const roles = Array.isArray(claims.roles)
      ? claims.roles.filter((r) => typeof r === 'string')
      : [];
    const user = Object.freeze({ id: claims.sub, tokenId: claims.jti, roles });
    return { user, expiresAt: claims.exp };
  }

  /** Express middleware: 401 unless a valid Bearer token is sent; sets `req.user`. */
  const requireUser: RequestHandler = async (req, _res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match?.[1]) throw unauthorized('Send an access token as `Authorization: Bearer <token>`.');
    req.user = await verify(match[1]);
    next();
  };

  /** `requireUser`, and 403 unless the token carries `role` (e.g. `admin`). */
  const requireRole =
    (role: string): RequestHandler =>
    async (req, res, next) => {
      await requireUser(req, res, () => undefined);
      if (!userOf(req).roles.includes(role)) {
        throw forbidden(`This route needs the \`${role}\` role.`);
      }
      next();
    };

  return { verify, requireUser, requireRole };
}

/** The user that `requireUser` let through; a route without it is a wiring bug. */
export function userOf(req: Request): AuthenticatedUser {
  if (!req.user) throw unauthorized('Send an access token as `Authorization: Bearer <token>`.');
  return req.user;
}
export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
