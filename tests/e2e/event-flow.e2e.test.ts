import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DaprResources, exampleTodoCreated, Topics } from '@todo-dapr/contracts';
import { eventually, runningSystem, sidecarOf } from './support/system';

const system = runningSystem();

describe('the running system', () => {
  it('has every app ready: /readyz is 200 because each sidecar reports healthy', async () => {
    for (const app of Object.values(system.apps)) {
      const [ready, sidecar] = await Promise.all([
        fetch(`${app.url}/readyz`),
        fetch(`${app.sidecarUrl}/v1.0/healthz`),
      ]);
      expect([ready.status, sidecar.status]).toEqual([200, 204]);
    }
  });

  it('an event published through todo-api’s sidecar reaches the subscriber through its own', async () => {
    const eventId = randomUUID();
    const event = exampleTodoCreated(`user-${eventId}`, system.apps['todo-api'].url);

    await sidecarOf('todo-api').pubsub.publish(DaprResources.pubsub, Topics.todos, event, {
      id: eventId,
      type: event.event,
      partitionKey: event.userId,
    });

    // The subscriber notes each event it applied in the facts of its todo, in its own
    // store, in the same transaction as the user's counters.
    const subscriberState = sidecarOf('subscriber').state;
    const facts = await eventually('the subscriber to apply the event', async () => {
      const stored = await subscriberState.get<{ applied: number[]; appliedAt: string }>(
        DaprResources.subscriberStore,
        `todo-facts:${event.userId}:${event.todo.id}`,
      );
      return stored?.value;
    });
    const counters = await subscriberState.get<{ open: number; eventsProcessed: number }>(
      DaprResources.subscriberStore,
      `stats:${event.userId}`,
    );
    expect(facts.applied).toEqual([event.sequence]);
    expect(Date.parse(facts.appliedAt)).not.toBeNaN();
    expect(counters?.value).toMatchObject({ open: 1, eventsProcessed: 1 });
  });

  it('refuses a delivery that does not carry the sidecar’s app token', async () => {
    const response = await fetch(`${system.apps.subscriber.url}/events/todos`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({
        id: randomUUID(),
        specversion: '1.0',
        type: 'todo_created',
        source: 'x',
        data: {},
      }),
    });

    expect(response.status).toBe(401);
  });

  it('started sidecars that log no errors (no placement or scheduler retries, no failed components)', () => {
    for (const [appId, app] of Object.entries(system.apps)) {
      // What each sidecar logged until everything was ready and idle; later tests break
      // things on purpose (Kafka stopped), which rightly logs errors.
      const startup = readFileSync(app.logs.daprd)
        .subarray(0, app.startupLogBytes)
        .toString('utf8');
      const errors = startup.split('\n').filter((line) => /level=(error|fatal)/.test(line));
      expect({ appId, errors }).toEqual({ appId, errors: [] });
    }
  });
});
