import { sealedTokenBinding, type TodoEvent, type UserEvent } from '@todo-dapr/contracts';
import { randomBytes } from 'node:crypto';
import { createLogger, seal } from '@todo-dapr/platform';
import type { Mail } from '../src/domain/mail-templates';
import { createNotifier, type Contact } from '../src/domain/notifier';
import { PermanentFailure } from '../src/domain/permanent-failure';

const key = randomBytes(32).toString('base64');
const otherKey = randomBytes(32).toString('base64');
const user = { id: 'u1', username: 'ann', email: 'ann@example.com' };
const base = {
  schemaVersion: 1 as const,
  occurredAt: '2026-11-27T12:00:00Z',
  userId: 'u1',
  sequence: 1,
};
const registered: UserEvent = { ...base, event: 'user_registered', user };
const reset: UserEvent = {
  ...base,
  event: 'password_reset_requested',
  user,
  sealedToken: seal('t0k+n', key, sealedTokenBinding('u1', 'e2')),
  resetUrlTemplate: 'https://attacker.example/phish?token={token}',
  expiresAt: '2026-11-27T12:30:00Z',
};
const completed = (dueAt: string): TodoEvent => ({
  ...base,
  event: 'todo_updated',
  schemaVersion: 2,
  changes: ['completed'],
  todo: {
    id: 't',
    title: 'File taxes',
    completed: true,
    order: 1,
    dueAt,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-27T12:00:00Z',
    version: 2,
    url: 'http://x/todos/t',
    priority: 'normal',
  },
});

function notifierWith(options: { sendFails?: boolean; key?: () => Promise<string> } = {}) {
  const sent: Mail[] = [];
  const marks = new Set<string>();
  const contacts = new Map<string, Contact>();
  const notify = createNotifier({
    contacts: {
      save: (id, contact) => Promise.resolve(void contacts.set(id, contact)),
      get: (id) => Promise.resolve(contacts.get(id)),
    },
    sent: {
      has: (id) => Promise.resolve(marks.has(id)),
      mark: (id) => Promise.resolve(void marks.add(id)),
    },
    send: (mail) =>
      options.sendFails
        ? Promise.reject(new Error('smtp down'))
        : Promise.resolve(void sent.push(mail)),
    resetTokenKey: options.key ?? (() => Promise.resolve(key)),
    resetPageUrl: 'https://todo.example/reset',
    logger: createLogger('test', 'silent'),
  });
  return { notify, sent, marks };
}

describe('notifications', () => {
  it('sends a welcome mail once, however often the event comes', async () => {
    const { notify, sent } = notifierWith();

    await notify('e1', registered);
    await notify('e1', registered);

    expect(sent.map((m) => m.subject)).toEqual(['Welcome to todo-dapr']);
  });

  it('puts the opened, URL-encoded token into a link to our own reset page, not the event’s', async () => {
    const { notify, sent } = notifierWith();

    await notify('e2', reset);

    expect(sent[0]?.text).toContain('https://todo.example/reset?token=t0k%2Bn');
    expect(sent[0]?.text).not.toContain('attacker.example');
  });

  it('when the send fails, throws and marks nothing, so a retry sends it', async () => {
    const failing = notifierWith({ sendFails: true });

    await expect(failing.notify('e2', reset)).rejects.toThrow('smtp down');
    expect(failing.marks.size).toBe(0);
  });

  it('a token that does not open is a permanent failure', async () => {
    const { notify } = notifierWith();

    await expect(
      notify('e2', {
        ...reset,
        sealedToken: seal('t0k+n', otherKey, sealedTokenBinding('u1', 'e2')),
      }),
    ).rejects.toBeInstanceOf(PermanentFailure);
  });

  it('a token moved into another user’s event does not open: a permanent failure', async () => {
    const { notify, sent } = notifierWith();
    const bob = { id: 'u2', username: 'bob', email: 'bob@example.com' };

    await expect(notify('e2', { ...reset, userId: bob.id, user: bob })).rejects.toBeInstanceOf(
      PermanentFailure,
    );
    expect(sent).toEqual([]);
  });

  it('a token moved into another event of the same user does not open either', async () => {
    const { notify } = notifierWith();

    await expect(notify('e9', reset)).rejects.toBeInstanceOf(PermanentFailure);
  });

  it('a key that cannot be fetched is a passing failure: retried, not dropped', async () => {
    const { notify, sent } = notifierWith({ key: () => Promise.reject(new Error('sidecar down')) });

    const failure = await notify('e2', reset).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentFailure);
    expect(sent).toEqual([]);
  });

  it('mails a todo completed after its due date, to the address from the registration', async () => {
    const { notify, sent } = notifierWith();
    await notify('e1', registered);

    await notify('e3', completed('2026-11-25T12:00:00Z'));
    await notify('e4', completed('2026-11-30T12:00:00Z'));

    expect(sent.map((m) => m.subject)).toEqual([
      'Welcome to todo-dapr',
      'Done, 2 days late: File taxes',
    ]);
    expect(sent[1]?.to).toBe('ann@example.com');
  });
});
