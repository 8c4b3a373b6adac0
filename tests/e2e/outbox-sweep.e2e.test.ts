import { readTopic } from './support/broker-tap';
import { call } from './support/http';
import { crash, gone, pidOf, restart } from './support/restart';
import { runningSystem } from './support/system';
import { newUserSession } from './support/users';

const api = runningSystem().apps['todo-api'].url;
/** What docs/todo-api.md promises: left-behind events go out this soon after a start. */
const DEADLINE_MS = 30_000;

describe('the outbox sweep', () => {
  it('publishes the event of a write whose process died between commit and publish, within 30 s of a restart, though the user never writes again', async () => {
    const { profile, token } = await newUserSession();
    crash(await pidOf('todo-api'));
    await gone('todo-api');
    await restart('todo-api', { TEST_CRASH_AFTER_COMMIT: '1', NODE_ENV: 'test' });

    const title = `left behind ${profile.id}`;
    const unanswered = await call(`${api}/todos`, { token, body: { title } }).then(
      () => 'answered',
      () => 'no answer',
    );
    await gone('todo-api');
    const restartedAt = Date.now();
    await restart('todo-api');
    const isOurs = (data: unknown) =>
      (data as { userId?: string; todo?: { title?: string } }).todo?.title === title;
    const seen = await readTopic('todos', (all) => all.some((m) => isOurs(m.value.data)), {
      timeoutMs: DEADLINE_MS,
    });
    const arrivedAfterMs = Date.now() - restartedAt;

    expect(unanswered).toBe('no answer');
    const ours = seen.filter((m) => isOurs(m.value.data));
    expect(ours.map((m) => [m.key, m.value.type])).toEqual([[profile.id, 'todo_created']]);
    expect(ours[0]?.value.id).toMatch(/:1:todo_created$/);
    expect(arrivedAfterMs).toBeLessThan(DEADLINE_MS);
    const list = await call(`${api}/todos`, { token });
    expect(list.body.map((todo: { title: string }) => todo.title)).toEqual([title]);
    process.stdout.write(`left-behind event arrived ${arrivedAfterMs} ms after the restart\n`);
  });
});
