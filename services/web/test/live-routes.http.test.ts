import { exampleTodoCreated } from '@todo-dapr/contracts';
import request from 'supertest';
import { tokenFor } from '@todo-dapr/platform/testing';
import { openSse } from './support/sse-reader';
import {
  APP_API_TOKEN,
  webOnFakeSidecar,
  type WebOnFakeSidecar,
} from './support/web-on-fake-sidecar';

const cloudEvent = (id: string, userId: string) => {
  const data = exampleTodoCreated(userId);
  return { id, source: 'todo-api', type: data.event, specversion: '1.0', topic: 'todos', data };
};

describe('GET /live', () => {
  let web: WebOnFakeSidecar;
  const streams: { close(): void }[] = [];
  afterEach(async () => {
    streams.splice(0).forEach((stream) => stream.close());
    await web.close();
  });

  const deliver = (body: unknown, token = APP_API_TOKEN) =>
    request(web.web)
      .post('/events/live')
      .set('dapr-api-token', token)
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(body));

  const live = async (userId: string, headers: Record<string, string> = {}) => {
    const stream = await openSse(`${web.origin}/live`, {
      authorization: `Bearer ${tokenFor(userId)}`,
      ...headers,
    });
    streams.push(stream);
    await stream.next((m) => m.retry === '1000');
    return stream;
  };

  beforeEach(async () => {
    web = await webOnFakeSidecar();
  });

  it('without an access token, answers 401 problem+json', async () => {
    const response = await request(web.web).get('/live');
    const inQuery = await request(web.web).get(`/live?access_token=${tokenFor('ann')}`);

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(inQuery.status).toBe(401);
  });

  it('streams the user’s own events as id, event and the TodoEvent data', async () => {
    const stream = await live('ann');

    const event = cloudEvent('e1', 'ann');
    const delivered = await deliver(event);
    const message = await stream.next((m) => m.id !== undefined);

    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toBe('no-store');
    expect(delivered.body).toEqual({ status: 'SUCCESS' });
    expect(message).toMatchObject({ id: 'e1', event: 'todo_created' });
    expect(JSON.parse(message.data ?? '')).toEqual(event.data);
  });

  it('streams a version 1 event upcast to version 2, and drops one of a version it does not know', async () => {
    const stream = await live('ann');
    const v2 = cloudEvent('e1', 'ann');
    const todoV1 = Object.fromEntries(
      Object.entries(v2.data.todo).filter(([key]) => key !== 'priority'),
    );
    const v1 = { ...v2, data: { ...v2.data, schemaVersion: 1, todo: todoV1 } };
    const v3 = { ...v2, id: 'e3', data: { ...v2.data, schemaVersion: 3 } };

    expect((await deliver(v3)).body).toEqual({ status: 'DROP' });
    expect((await deliver(v1)).body).toEqual({ status: 'SUCCESS' });
    const message = await stream.next((m) => m.id !== undefined);

    expect(message.id).toBe('e1');
    expect(JSON.parse(message.data ?? '')).toEqual(v2.data);
  });

  it('never sends a user another user’s events', async () => {
    const stranger = await live('bob');
    const owner = await live('ann');

    await deliver(cloudEvent('e1', 'ann'));
    await owner.next((m) => m.id === 'e1');
    await deliver(cloudEvent('b1', 'bob'));
    await stranger.next((m) => m.id === 'b1');

    expect(stranger.messages.map((m) => m.id)).not.toContain('e1');
    expect(owner.messages.map((m) => m.id)).not.toContain('b1');
  });

  it('on reconnect with Last-Event-ID, sends what was missed; an unknown id gets resync', async () => {
    await deliver(cloudEvent('e1', 'ann'));
    await deliver(cloudEvent('e2', 'ann'));
    await deliver(cloudEvent('e3', 'ann'));

    const resumed = await live('ann', { 'last-event-id': 'e1' });
    const lost = await live('ann', { 'last-event-id': 'from-another-replica' });

    expect((await resumed.next((m) => m.id !== undefined)).id).toBe('e2');
    expect((await resumed.next((m) => m.id !== undefined)).id).toBe('e3');
    expect(await lost.next((m) => m.event !== undefined)).toEqual({
      event: 'resync',
      data: '{}',
    });
  });

  it('sends a keep-alive comment while nothing happens', async () => {
    await web.close();
    web = await webOnFakeSidecar(undefined, { LIVE_KEEP_ALIVE_MS: '50' });
    const stream = await live('ann');

    expect(await stream.next((m) => m.comment !== undefined)).toEqual({ comment: 'keep-alive' });
  });
});

describe('POST /events/live', () => {
  let web: WebOnFakeSidecar;
  beforeEach(async () => {
    web = await webOnFakeSidecar();
  });
  afterEach(() => web.close());

  it('refuses a delivery without the sidecar’s APP_API_TOKEN, or one invoked by an app', async () => {
    const event = JSON.stringify(cloudEvent('e1', 'ann'));

    const forged = await request(web.web)
      .post('/events/live')
      .set('content-type', 'application/json')
      .send(event);
    const invoked = await request(web.web)
      .post('/events/live')
      .set('dapr-api-token', APP_API_TOKEN)
      .set('dapr-caller-app-id', 'todo-api')
      .set('content-type', 'application/json')
      .send(event);

    expect(forged.status).toBe(401);
    expect(invoked.status).toBe(403);
  });

  it('answers DROP for what is not a TodoEvent', async () => {
    const response = await request(web.web)
      .post('/events/live')
      .set('dapr-api-token', APP_API_TOKEN)
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify({ ...cloudEvent('e1', 'ann'), data: { event: 'nope' } }));

    expect(response.body).toEqual({ status: 'DROP' });
  });
});
