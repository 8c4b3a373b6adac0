import { randomBytes } from 'node:crypto';
import {
  sealedTokenBinding,
  userEventId,
  type PasswordResetRequestedV1,
} from '@todo-dapr/contracts';
import { createLogger, open } from '@todo-dapr/platform';
import type { z } from 'zod';
import type { AuthStore } from '../src/dapr/auth-store';
import { hashToken } from '../src/domain/opaque-token';
import { requestPasswordReset } from '../src/domain/password-reset';
import type { User } from '../src/domain/user';

type ResetEvent = z.infer<typeof PasswordResetRequestedV1>;

const key = randomBytes(32).toString('base64');
const ann: User = {
  id: 'id-ann',
  username: 'ann',
  email: 'ann@example.com',
  passwordHash: 'x',
  roles: ['user'],
  createdAt: '2026-11-27T00:00:00Z',
  updatedAt: '2026-11-27T00:00:00Z',
  sessionEpoch: 0,
  eventSequence: 4,
};

async function requestReset() {
  const savedHashes: string[] = [];
  const published: ResetEvent[] = [];
  const store = {
    findUser: () => Promise.resolve({ value: ann, etag: '1' }),
    saveUser: () => Promise.resolve(true),
    saveResetToken: (hash: string) => Promise.resolve(void savedHashes.push(hash)),
  } as unknown as AuthStore;
  await requestPasswordReset(ann.email, {
    store,
    publish: (event) => Promise.resolve(void published.push(event as ResetEvent)),
    logger: createLogger('test', 'silent'),
    sealingKey: () => Promise.resolve(key),
    ttlSeconds: 60,
    publicUrl: 'https://todo.example',
  });
  const [event] = published;
  if (!event) throw new Error('no event was published');
  return { savedHashes, event };
}

describe('requesting a password reset', () => {
  it('seals the stored token bound to the user and to the event’s own CloudEvent id', async () => {
    const { savedHashes, event } = await requestReset();

    const token = open(event.sealedToken, key, sealedTokenBinding(ann.id, userEventId(event)));

    expect(userEventId(event)).toBe('password_reset_requested:id-ann:5');
    expect(savedHashes).toEqual([hashToken(token)]);
  });

  it('seals a token that does not open for another user', async () => {
    const { event } = await requestReset();

    expect(() =>
      open(event.sealedToken, key, sealedTokenBinding('id-bob', userEventId(event))),
    ).toThrow();
  });
});
