import type { DeadLetter } from '@todo-dapr/contracts';
import { jsonBody, routesTestApp } from '@todo-dapr/platform';
import request from 'supertest';
import type { DeadLetterStore } from '../src/dapr/dead-letter-store';
import { createFailureLog } from '../src/domain/failure-log';
import { eventRoutes } from '../src/http/event-routes';
import { cloudEvent, todoCreated } from './todo-event-fixtures';

const appApiToken = 'a-test-token-of-24-chars';
const delivered: unknown[] = [];
const recorded: DeadLetter[] = [];
const deadLetters = {
  record: (letter: DeadLetter) => {
    recorded.push(letter);
    return Promise.resolve(true);
  },
} as unknown as DeadLetterStore;
const app = routesTestApp((routes) => {
  routes.use(jsonBody('1mb'));
  routes.use(
    eventRoutes({
      appApiToken,
      consumers: {
        // Answers DROP for events whose type is "poison", SUCCESS otherwise.
        todos: (deliveries) => {
          delivered.push(...deliveries);
          return Promise.resolve(
            deliveries.map((d) =>
              (d as { type?: string }).type === 'poison' ? 'DROP' : 'SUCCESS',
            ),
          );
        },
      },
      knownTypes: { todos: ['todo_created'] },
      deadLetters,
      failures: createFailureLog(),
    }),
  );
  routes.get('/public', (_req, res) => res.json({ ok: true }));
});

describe('delivery routes', () => {
  beforeEach(() => {
    delivered.length = 0;
    recorded.length = 0;
  });

  it('when the dapr-api-token is missing, answers 401 and hands nothing on', async () => {
    const response = await request(app).post('/events/todos').send(cloudEvent(todoCreated()));

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(delivered).toHaveLength(0);
  });

  it('when the dapr-api-token is wrong, answers 401', async () => {
    const response = await request(app)
      .post('/events/todos')
      .set('dapr-api-token', 'not-the-token')
      .send(cloudEvent(todoCreated()));

    expect(response.status).toBe(401);
    expect(delivered).toHaveLength(0);
  });

  it('when another app invoked it through the sidecar, answers 403 and hands nothing on', async () => {
    const response = await request(app)
      .post('/events/todos')
      .set('dapr-api-token', appApiToken)
      .set('dapr-caller-app-id', 'todo-api')
      .send(cloudEvent(todoCreated()));

    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(delivered).toHaveLength(0);
  });

  it('with the sidecar’s token, passes the CloudEvent on and answers its status', async () => {
    const event = cloudEvent(todoCreated());

    const response = await request(app)
      .post('/events/todos')
      .set('dapr-api-token', appApiToken)
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(event));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'SUCCESS' });
    expect(delivered).toEqual([event]);
  });

  it('answers a bulk delivery entry by entry, and records the events it drops as dead letters', async () => {
    const [good, poison] = [cloudEvent(todoCreated()), cloudEvent(todoCreated(), 'poison')];

    const response = await request(app)
      .post('/events/todos')
      .set('dapr-api-token', appApiToken)
      .send({
        id: 'b1',
        type: 'com.dapr.event.sent.bulk',
        topic: 'todos',
        pubsubname: 'pubsub',
        entries: [
          { entryId: '0', event: good, contentType: 'application/cloudevents+json' },
          { entryId: '1', event: poison, contentType: 'application/cloudevents+json' },
        ],
      });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      statuses: [
        { entryId: '0', status: 'SUCCESS' },
        { entryId: '1', status: 'SUCCESS' },
      ],
    });
    expect(delivered).toEqual([good, poison]);
    expect(recorded).toMatchObject([{ id: poison.id, topic: 'todos', type: 'poison' }]);
  });

  it('a forged dead letter answers 401 and records nothing', async () => {
    const response = await request(app).post('/dead-letters/todos').send({ data_base64: 'e30=' });

    expect(response.status).toBe(401);
    expect(recorded).toHaveLength(0);
  });

  it('records a dead letter from the raw message the sidecar hands over', async () => {
    const original = cloudEvent(todoCreated(), 'mystery');

    const response = await request(app)
      .post('/dead-letters/todos')
      .set('dapr-api-token', appApiToken)
      .send({ data_base64: Buffer.from(JSON.stringify(original)).toString('base64') });

    expect(response.body).toEqual({ status: 'SUCCESS' });
    expect(recorded).toMatchObject([{ id: original.id, topic: 'todos', type: 'mystery' }]);
  });

  it('leaves other routes alone: a public one answers without the token, an unknown one is 404', async () => {
    expect((await request(app).get('/public')).status).toBe(200);
    expect((await request(app).get('/nope')).status).toBe(404);
  });
});
