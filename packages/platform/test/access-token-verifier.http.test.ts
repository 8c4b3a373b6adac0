import { generateKeyPairSync, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createAccessTokenVerifier, routesTestApp, userOf, type Jwks } from '../src';

const issuer = 'todo-dapr-auth';
const audience = 'todo-dapr';
const kid = 'key-1';

const newKeyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const trusted = newKeyPair();
const jwks: Jwks = { keys: [{ ...trusted.publicKey.export({ format: 'jwk' }), kid }] };
let jwksFetches = 0;

const verifier = createAccessTokenVerifier({
  issuer,
  audience,
  fetchJwks: () => {
    jwksFetches += 1;
    return Promise.resolve(jwks);
  },
  minRefetchIntervalMs: 60_000,
});

const app = routesTestApp((routes) => {
  routes.get('/private', verifier.requireUser, (req, res) => {
    res.json(userOf(req));
  });
  routes.get('/admin', verifier.requireRole('admin'), (req, res) => {
    res.json(userOf(req));
  });
});

/** Right in every claim but `exp`, which jsonwebtoken adds only when asked (expiresIn). */
const claimsWithoutExp = (): jwt.SignOptions => ({
  algorithm: 'ES256',
  header: { alg: 'ES256', typ: 'at+jwt' },
  keyid: kid,
  issuer,
  audience,
  subject: 'user-1',
  jwtid: randomUUID(),
});

function sign(payload: object = {}, options: jwt.SignOptions = {}, key = trusted.privateKey) {
  return jwt.sign({ roles: ['user'], ...payload }, key, {
    ...claimsWithoutExp(),
    expiresIn: 900,
    ...options,
  });
}

/** Signed with the trusted key, and right in every claim but `exp`, which it lacks. */
const signWithoutExp = () => jwt.sign({ roles: ['user'] }, trusted.privateKey, claimsWithoutExp());

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const call = (token?: string) => {
  const req = request(app).get('/private');
  return token === undefined ? req : req.set('authorization', `Bearer ${token}`);
};

describe('GET a route behind the access-token check', () => {
  it('with a valid token, lets the user through', async () => {
    const response = await call(sign());

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'user-1', roles: ['user'] });
  });

  it('accepts the scheme in any case (RFC 9110: auth schemes are case-insensitive)', async () => {
    const lower = await request(app).get('/private').set('authorization', `bearer ${sign()}`);
    const upper = await request(app).get('/private').set('authorization', `BEARER ${sign()}`);

    expect([lower.status, upper.status]).toEqual([200, 200]);
  });

  it('without a token, answers 401 problem+json with WWW-Authenticate', async () => {
    const response = await call();

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  const attacks: [string, () => string][] = [
    ['alg: none', () => `${b64({ alg: 'none', typ: 'JWT', kid })}.${sign().split('.')[1]}.`],
    [
      'HS256 signed with the public key as the secret',
      () =>
        jwt.sign({}, trusted.publicKey.export({ type: 'spki', format: 'pem' }), {
          algorithm: 'HS256',
          subject: 'user-1',
          keyid: kid,
          issuer,
          audience,
        }),
    ],
    ['an expired token', () => sign({}, { expiresIn: -120 })],
    ['nbf in the future', () => sign({}, { notBefore: 600 })],
    ['a wrong issuer', () => sign({}, { issuer: 'someone-else' })],
    ['a wrong audience', () => sign({}, { audience: 'another-api' })],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = sign().split('.');
        const payload = b64({
          sub: 'admin',
          iss: issuer,
          aud: audience,
          exp: 9_999_999_999,
          jti: 'x',
        });
        return `${header}.${payload}.${signature}`;
      },
    ],
    ['no exp', signWithoutExp],
    ['typ JWT instead of at+jwt', () => sign({}, { header: { alg: 'ES256', typ: 'JWT' } })],
    ['no typ', () => sign({}, { header: { alg: 'ES256' } })],
    ['an unknown kid', () => sign({}, { keyid: 'key-that-does-not-exist' })],
    ['a token signed by a different key pair', () => sign({}, {}, newKeyPair().privateKey)],
  ];

  it.each(attacks)('with %s, answers 401', async (_name, forge) => {
    const response = await call(forge());

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.UNAUTHORIZED');
  });

  it('once a token expires, answers 401 although it was let through before', async () => {
    const token = sign({}, { expiresIn: 60 });
    expect((await call(token)).status).toBe(200);
    const realNow = Date.now;
    // Past exp and the 30 s clock tolerance.
    Date.now = () => realNow() + 91_000;
    try {
      const response = await call(token);

      expect(response.status).toBe(401);
      expect(response.body.detail).toBe('The access token has expired.');
    } finally {
      Date.now = realNow;
    }
  });

  it('refetches the JWKS for an unknown kid at most once per interval', async () => {
    await call(sign()); // keys are cached from here on
    const before = jwksFetches;

    for (let i = 0; i < 5; i += 1) await call(sign({}, { keyid: `unknown-${i}` }));

    expect(jwksFetches - before).toBeLessThanOrEqual(1);
  });
});

describe('GET a route that needs a role', () => {
  const admin = (token?: string) => {
    const req = request(app).get('/admin');
    return token === undefined ? req : req.set('authorization', `Bearer ${token}`);
  };

  it('with a token that carries the role, lets the user through', async () => {
    const response = await admin(sign({ roles: ['user', 'admin'] }));

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ roles: ['user', 'admin'] });
  });

  it('with a normal user token, answers 403 problem+json', async () => {
    const response = await admin(sign());

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('without a valid token, answers 401', async () => {
    expect((await admin()).status).toBe(401);
    expect((await admin(sign({ roles: ['admin'] }, { audience: 'else' }))).status).toBe(401);
  });
});
