import {
  todoApiOnFakeSidecar,
  type TodoApiOnFakeSidecar,
} from './support/todo-api-on-fake-sidecar';

let api: TodoApiOnFakeSidecar;
beforeEach(async () => (api = await todoApiOnFakeSidecar()));
afterEach(() => api.close());

const milk = { title: 'Milk' };

describe('POST /todos', () => {
  it('stores the todo, answers 201 with its ETag, and publishes todo_created keyed by user', async () => {
    const created = await api.as('u1').post('/todos').send(milk);

    const read = await api.as('u1').get(`/todos/${created.body.id}`);

    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(read.body).toEqual(created.body);
    expect(api.sidecar.published).toEqual([
      expect.objectContaining({
        topic: 'todos',
        data: expect.objectContaining({ event: 'todo_created', userId: 'u1', sequence: 1 }),
        metadata: {
          'cloudevent.id': `${created.body.id}:1:todo_created`,
          'cloudevent.type': 'todo_created',
          partitionKey: 'u1',
        },
      }),
    ]);
  });

  it('stores and answers the priority given, normal if none, and publishes todo_created version 2', async () => {
    const high = await api
      .as('u1')
      .post('/todos')
      .send({ ...milk, priority: 'high' });
    const plain = await api.as('u1').post('/todos').send(milk);

    expect(high.body).toMatchObject({ priority: 'high' });
    expect(plain.body).toMatchObject({ priority: 'normal' });
    expect((await api.as('u1').get(`/todos/${high.body.id}`)).body.priority).toBe('high');
    expect(api.events()).toEqual([
      expect.objectContaining({
        schemaVersion: 2,
        todo: expect.objectContaining({ priority: 'high' }),
      }),
      expect.objectContaining({
        schemaVersion: 2,
        todo: expect.objectContaining({ priority: 'normal' }),
      }),
    ]);
  });

  it('with an Idempotency-Key seen before, replays the first answer and publishes nothing more', async () => {
    const first = await api.as('u1').post('/todos').set('idempotency-key', 'k1').send(milk);

    const again = await api.as('u1').post('/todos').set('idempotency-key', 'k1').send(milk);

    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(api.events()).toHaveLength(1);
  });

  it('with an Idempotency-Key seen before and another body, answers 422 and writes nothing', async () => {
    await api.as('u1').post('/todos').set('idempotency-key', 'k1').send(milk);

    const reused = await api
      .as('u1')
      .post('/todos')
      .set('idempotency-key', 'k1')
      .send({ title: 'Eggs' });

    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect((await api.as('u1').get('/todos')).body).toHaveLength(1);
    expect(api.events()).toHaveLength(1);
  });
});

describe('PATCH /todos/:id', () => {
  it('changes the todo, answers its new ETag, and publishes todo_updated with the changed fields', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);

    const patched = await api
      .as('u1')
      .patch(`/todos/${todo.id}`)
      .set('if-match', '"1"')
      .send({ completed: true });

    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.body).toMatchObject({ completed: true, version: 2 });
    expect(api.events().at(-1)).toMatchObject({
      event: 'todo_updated',
      sequence: 2,
      changes: ['completed'],
    });
  });

  it('changes the priority, and publishes todo_updated version 2 naming it', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);

    const patched = await api.as('u1').patch(`/todos/${todo.id}`).send({ priority: 'low' });

    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ priority: 'low', version: 2 });
    expect(api.events().at(-1)).toMatchObject({
      event: 'todo_updated',
      schemaVersion: 2,
      changes: ['priority'],
      todo: { priority: 'low' },
    });
  });

  it('reads a todo stored before priorities existed as normal, and changes it from there', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);
    const row = api.sidecar.rows('todo-store').get(`todo:u1:${todo.id}`);
    delete (row?.value as { priority?: string }).priority;

    const read = await api.as('u1').get(`/todos/${todo.id}`);
    const unchanged = await api.as('u1').patch(`/todos/${todo.id}`).send({ priority: 'normal' });
    const patched = await api.as('u1').patch(`/todos/${todo.id}`).send({ priority: 'high' });

    expect(read.body).toMatchObject({ priority: 'normal', version: 1 });
    expect(unchanged.body).toMatchObject({ priority: 'normal', version: 1 });
    expect(patched.body).toMatchObject({ priority: 'high', version: 2 });
    expect(api.events().map((event) => event.event)).toEqual(['todo_created', 'todo_updated']);
  });

  it('with a stale If-Match, answers 412 and changes and publishes nothing', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);
    await api.as('u1').patch(`/todos/${todo.id}`).send({ title: 'Oat milk' });

    const stale = await api
      .as('u1')
      .patch(`/todos/${todo.id}`)
      .set('if-match', '"1"')
      .send({ completed: true });

    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('TODO.PRECONDITION_FAILED');
    expect((await api.as('u1').get(`/todos/${todo.id}`)).body).toMatchObject({
      title: 'Oat milk',
      completed: false,
    });
    expect(api.events()).toHaveLength(2);
  });

  it('of another user’s todo, answers 404', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);

    const response = await api.as('u2').patch(`/todos/${todo.id}`).send({ completed: true });

    expect(response.status).toBe(404);
  });
});

describe('DELETE /todos/:id', () => {
  it('removes the todo, answers 204, and publishes todo_deleted with its last version', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);

    const deleted = await api.as('u1').delete(`/todos/${todo.id}`);

    expect(deleted.status).toBe(204);
    expect((await api.as('u1').get(`/todos/${todo.id}`)).status).toBe(404);
    expect(api.events().at(-1)).toMatchObject({
      event: 'todo_deleted',
      todo: { id: todo.id, version: 1 },
    });
  });

  it('with a stale If-Match, answers 412 and keeps the todo', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);

    const stale = await api.as('u1').delete(`/todos/${todo.id}`).set('if-match', '"7"');

    expect(stale.status).toBe(412);
    expect((await api.as('u1').get(`/todos/${todo.id}`)).status).toBe(200);
  });
});

describe('a write whose event the broker refuses', () => {
  const brokerDown = () => api.sidecar.failWhen((call) => call.api === 'pubsub');

  it('of a create, answers 503 and is undone: no todo, no queued event', async () => {
    brokerDown();

    const response = await api.as('u1').post('/todos').send(milk);

    expect(response.status).toBe(503);
    expect((await api.as('u1').get('/todos')).body).toEqual([]);
    expect(api.storedIndex('u1')).toMatchObject({ entries: [], outbox: [] });
  });

  it('of an update, answers 503 and puts the todo back as it was', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);
    brokerDown();

    const response = await api.as('u1').patch(`/todos/${todo.id}`).send({ title: 'Oat milk' });

    expect(response.status).toBe(503);
    expect((await api.as('u1').get(`/todos/${todo.id}`)).body).toEqual(todo);
  });

  it('of a delete, answers 503 and brings the todo back', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);
    brokerDown();

    const response = await api.as('u1').delete(`/todos/${todo.id}`);

    expect(response.status).toBe(503);
    expect((await api.as('u1').get(`/todos/${todo.id}`)).body).toEqual(todo);
  });

  it('leaves its sequence number used: the next event takes the one after', async () => {
    brokerDown();
    await api.as('u1').post('/todos').send(milk);
    api.sidecar.failWhen(undefined);

    await api.as('u1').post('/todos').send(milk);

    expect(api.events().map((event) => event.sequence)).toEqual([2]);
  });
});

describe('writes of one user at once', () => {
  it('in one process, are all applied, with their events numbered without a gap', async () => {
    const { body: todo } = await api.as('u1').post('/todos').send(milk);

    const titles = Array.from({ length: 10 }, (_, n) => `Milk ${n}`);
    const answers = await Promise.all(
      titles.map((title) => api.as('u1').patch(`/todos/${todo.id}`).send({ title })),
    );

    expect(answers.map((answer) => answer.status)).toEqual(titles.map(() => 200));
    expect((await api.as('u1').get(`/todos/${todo.id}`)).body.version).toBe(11);
    expect(api.events().map((event) => event.sequence)).toEqual(
      Array.from({ length: 11 }, (_, n) => n + 1),
    );
  });

  it('when another process commits first, re-reads the index and decides again', async () => {
    const other = api.instance();
    await api.as('u1').post('/todos').send(milk);
    let raced = false;
    api.sidecar.beforeEachCall(async (call) => {
      if (raced || call.api !== 'state' || call.operation !== 'transaction') return;
      raced = true;
      await other('u1').post('/todos').send({ title: 'Eggs' });
    });

    const response = await api.as('u1').post('/todos').send({ title: 'Bread' });

    expect(response.status).toBe(201);
    expect(api.sidecar.conflicts()).toBe(1);
    expect((await api.as('u1').get('/todos')).body).toHaveLength(3);
    expect(api.events().map((event) => event.sequence)).toEqual([1, 2, 3]);
  });
});
