import { DaprResources } from '@todo-dapr/contracts';
import type { SecretsApi } from '@todo-dapr/platform';
import { signingKeysFrom, type SigningKeys } from './signing-keys';

/** Loads the signing keys from the secret store once; a failed load is retried next time. */
export function createKeyRing(secrets: SecretsApi) {
  let loading: Promise<SigningKeys> | undefined;
  return (): Promise<SigningKeys> => {
    loading ??= Promise.all([
      secrets.get(DaprResources.secrets, 'jwt-current-key'),
      secrets.get(DaprResources.secrets, 'jwt-previous-key'),
    ]).then(([current, previous]) => signingKeysFrom(current, previous));
    loading.catch(() => (loading = undefined));
    return loading;
  };
}
export type KeyRing = ReturnType<typeof createKeyRing>;
