import { AppIds } from '@todo-dapr/contracts';
import type { BaseConfig } from '../config';
import type { Sidecar } from '../dapr/sidecar';
import { createAccessTokenVerifier, type Jwks } from './access-token-verifier';

/** The access-token check of a service other than auth: JWKS from auth via service invocation. */
export function createServiceVerifier(config: BaseConfig, sidecar: Sidecar) {
  return createAccessTokenVerifier({
    issuer: config.TOKEN_ISSUER,
    audience: config.TOKEN_AUDIENCE,
    fetchJwks: () => sidecar.invoke.getJson<Jwks>(AppIds.auth, '/.well-known/jwks.json'),
  });
}
