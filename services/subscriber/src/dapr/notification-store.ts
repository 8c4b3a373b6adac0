import { DaprResources } from '@todo-dapr/contracts';
import type { StateApi } from '@todo-dapr/platform';
import type { Contact } from '../domain/notifier';

const store = DaprResources.subscriberStore;

/** Where to write to each user: their address from `user_registered`. */
export function createContactStore(state: StateApi) {
  return {
    async save(userId: string, contact: Contact): Promise<void> {
      await state.save(store, [{ key: `contact:${userId}`, value: contact }]);
    },
    async get(userId: string): Promise<Contact | undefined> {
      return (await state.get<Contact>(store, `contact:${userId}`))?.value;
    },
  };
}

/** Ids of events whose mail went out, kept for a while (state TTL) to spot redeliveries. */
export function createSentMailStore(state: StateApi, ttlSeconds: number) {
  const key = (eventId: string) => `mail-sent:${eventId}`;
  return {
    async has(eventId: string): Promise<boolean> {
      return (await state.get(store, key(eventId))) !== undefined;
    },
    async mark(eventId: string): Promise<void> {
      await state.save(store, [
        {
          key: key(eventId),
          value: { sentAt: new Date().toISOString() },
          metadata: { ttlInSeconds: String(ttlSeconds) },
        },
      ]);
    },
  };
}
