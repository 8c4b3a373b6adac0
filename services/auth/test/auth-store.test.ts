import { memoryStateApi } from '@todo-dapr/platform/testing';
import { createAuthStore } from '../src/dapr/auth-store';
import type { User } from '../src/domain/user';

const userNamed = (id: string, username: string, email: string): User => ({
  id,
  username,
  email,
  passwordHash: 'not a real hash',
  roles: ['user'],
  createdAt: '2026-11-29T12:00:00.000Z',
  updatedAt: '2026-11-29T12:00:00.000Z',
  sessionEpoch: 0,
  eventSequence: 1,
});

describe('auth store: one account per username and e-mail', () => {
  it('refuses a taken username and leaves none of the loser’s claims behind', async () => {
    const { state, rows } = memoryStateApi();
    const store = createAuthStore(state);

    expect(await store.insertUser(userNamed('u1', 'ann', 'ann@example.com'))).toBe(true);
    expect(await store.insertUser(userNamed('u2', 'Ann', 'other@example.com'))).toBe(false);
    expect(await store.insertUser(userNamed('u3', 'bob', 'ann@example.com'))).toBe(false);

    expect([...rows.keys()].sort()).toEqual(['email:ann@example.com', 'user:u1', 'username:ann']);
    expect(await store.insertUser(userNamed('u4', 'carol', 'other@example.com'))).toBe(true);
  });

  it('takes over a claim that a registration which died before creating its user left', async () => {
    const { state, rows } = memoryStateApi();
    const store = createAuthStore(state);
    const leftAt = new Date(Date.now() - 61_000).toISOString();
    rows.set('username:ann', { value: { userId: 'dead', claimedAt: leftAt }, etag: 'e1' });

    expect(await store.insertUser(userNamed('u1', 'ann', 'ann@example.com'))).toBe(true);
    expect((await store.findUser('ann'))?.value.id).toBe('u1');
  });

  it('leaves a recent claim to the registration that is still making it', async () => {
    const { state, rows } = memoryStateApi();
    const store = createAuthStore(state);
    const claimedAt = new Date(Date.now() - 1_000).toISOString();
    rows.set('username:ann', { value: { userId: 'busy', claimedAt }, etag: 'e1' });

    expect(await store.insertUser(userNamed('u1', 'ann', 'ann@example.com'))).toBe(false);
    expect(rows.get('username:ann')?.value).toEqual({ userId: 'busy', claimedAt });
  });

  it('frees the username and e-mail of a registration it undoes', async () => {
    const { state, rows } = memoryStateApi();
    const store = createAuthStore(state);
    const ann = userNamed('u1', 'ann', 'ann@example.com');
    await store.insertUser(ann);

    await store.deleteUser(ann);

    expect([...rows.keys()]).toEqual([]);
    expect(await store.insertUser(userNamed('u2', 'ann', 'ann@example.com'))).toBe(true);
  });
});
