import { createLogger, createServiceApp, jsonBody } from '@todo-dapr/platform';
import request from 'supertest';
import { eventRoutes } from '../src/http/event-routes';
import { cloudEvent, todoCreated } from './todo-event-fixtures';

const appApiToken = 'a-test-token-of-24-chars';
const delivered: unknown[] = [];
const app = createServiceApp({
  service: 'subscriber',
  logger: createLogger('test', 'silent'),
  readiness: { isReady: () => Promise.resolve(true) },
  routes: (routes) => {
    routes.use(jsonBody('1mb'));
    routes.use(
      '/events',
      eventRoutes(appApiToken, {
        todos: (delivery) => {
          delivered.push(delivery);
          return Promise.resolve('SUCCESS');
        },
      }),
    );
  },
});

describe('POST /events/todos', () => {
  beforeEach(() => (delivered.length = 0));

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

  it('leaves other routes alone: an unknown one is still 404', async () => {
    expect((await request(app).get('/nope')).status).toBe(404);
  });
});
