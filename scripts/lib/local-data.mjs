import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const newSigningKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });

const wanted = {
  // ES256 keys for access tokens: the JWKS serves both, new tokens use the current one.
  'jwt-current-key': newSigningKey,
  'jwt-previous-key': newSigningKey,
  // Seals reset tokens inside events, so they never cross the broker readable.
  'event-encryption-key': () => randomBytes(32).toString('base64'),
  'smtp-username': () => 'todo-dapr',
  'smtp-password': () => randomBytes(18).toString('base64url'),
};

/**
 * Prepares the folder that components/ points into (`../../.data` from a sidecar's working
 * directory): `state/` for the SQLite stores, and `secrets/secrets.json` for the `secrets`
 * component with every secret the services need, generating missing ones, keeping the rest.
 */
export function prepareLocalData(dataDir) {
  mkdirSync(join(dataDir, 'state'), { recursive: true });
  const file = join(dataDir, 'secrets', 'secrets.json');
  const secrets = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const missing = Object.keys(wanted).filter((name) => !(name in secrets));
  for (const name of missing) secrets[name] = wanted[name]();
  if (missing.length > 0) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
