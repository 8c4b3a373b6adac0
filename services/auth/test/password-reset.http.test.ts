import { SidecarError, type StateApi } from '@todo-dapr/platform';
import { memoryStateApi } from '@todo-dapr/platform/testing';
import request from 'supertest';
import { authTestApp } from './support/test-app';

/** A state store whose look-ups by e-mail wait until `release`, or fail, once `hold` is set. */
function heldLookups() {
  const memory = memoryStateApi();
  let holding: 'no' | 'wait' | 'fail' = 'no';
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const state: StateApi = {
    ...memory.state,
    get: <T>(store: string, key: string) => {
      if (!key.startsWith('email:') || holding === 'no') return memory.state.get<T>(store, key);
      if (holding === 'fail') return Promise.reject(new SidecarError('store down', 500));
      return released.then(() => memory.state.get<T>(store, key));
    },
  };
  return {
    memory: { ...memory, state },
    hold: (how: 'wait' | 'fail') => (holding = how),
    release,
  };
}

async function until(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i += 1) await new Promise((r) => setTimeout(r, 20));
}

describe('POST /auth/password-reset', () => {
  it('answers 202 before it looks the address up, so the time taken tells nothing', async () => {
    const lookups = heldLookups();
    const { app, published } = authTestApp({}, lookups.memory);
    const user = { username: 'ivy', email: 'ivy@example.com', password: 'a long enough secret' };
    expect((await request(app).post('/auth/register').send(user)).status).toBe(201);
    lookups.hold('wait');

    const known = await request(app)
      .post('/auth/password-reset')
      .send({ email: 'ivy@example.com' })
      .timeout(2000);
    const unknown = await request(app)
      .post('/auth/password-reset')
      .send({ email: 'nobody@example.com' })
      .timeout(2000);
    const sentBeforeLookup = published.length;
    lookups.release();
    await until(() => published.length > sentBeforeLookup);

    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    expect(sentBeforeLookup).toBe(1); // user_registered only
    expect(published.map((event) => event.event)).toEqual([
      'user_registered',
      'password_reset_requested',
    ]);
  });

  it('when the work fails after answering, still answered 202, and logs the failure', async () => {
    const lookups = heldLookups();
    const { app, logger } = authTestApp({}, lookups.memory);
    const logged = jest.spyOn(logger, 'error');
    lookups.hold('fail');

    const response = await request(app)
      .post('/auth/password-reset')
      .send({ email: 'jo@example.com' });
    await until(() => logged.mock.calls.length > 0);

    expect(response.status).toBe(202);
    expect(logged).toHaveBeenCalledWith(
      'a password reset failed after it was accepted',
      expect.objectContaining({ error: expect.any(String) }),
    );
  });
});
