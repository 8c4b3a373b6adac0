import type { TodoEvent } from '@todo-dapr/contracts';
import { createLiveHub, type LiveStream } from '../src/domain/live-hub';
import type { LiveEvent } from '../src/domain/live-event';

const eventOf = (userId: string, id: string): LiveEvent => ({
  id,
  event: { event: 'todo_deleted', userId, todo: { id: 't', version: 1 } } as unknown as TodoEvent,
});

function recordingStream() {
  const got: string[] = [];
  const stream: LiveStream = {
    send: (event) => got.push(event.id),
    resync: () => got.push('resync'),
    close: () => got.push('closed'),
  };
  return { got, stream };
}

describe('the live hub', () => {
  it('sends a user’s events to each of that user’s streams, and to no one else’s', () => {
    const hub = createLiveHub({ eventsPerUser: 10, maxUsers: 10 });
    const [tab, phone, stranger] = [recordingStream(), recordingStream(), recordingStream()];
    hub.connect('ann', tab.stream);
    hub.connect('ann', phone.stream);
    hub.connect('bob', stranger.stream);

    hub.publish(eventOf('ann', 'e1'));

    expect(tab.got).toEqual(['e1']);
    expect(phone.got).toEqual(['e1']);
    expect(stranger.got).toEqual([]);
  });

  it('sends a redelivered event once', () => {
    const hub = createLiveHub({ eventsPerUser: 10, maxUsers: 10 });
    const { got, stream } = recordingStream();
    hub.connect('ann', stream);

    hub.publish(eventOf('ann', 'e1'));
    hub.publish(eventOf('ann', 'e1'));

    expect(got).toEqual(['e1']);
  });

  it('after a reconnect with Last-Event-ID, first sends every later event, then new ones', () => {
    const hub = createLiveHub({ eventsPerUser: 10, maxUsers: 10 });
    ['e1', 'e2', 'e3'].forEach((id) => hub.publish(eventOf('ann', id)));
    hub.publish(eventOf('bob', 'b1'));
    const { got, stream } = recordingStream();

    hub.connect('ann', stream, 'e1');
    hub.publish(eventOf('ann', 'e4'));

    expect(got).toEqual(['e2', 'e3', 'e4']);
  });

  it('asks for a resync when the Last-Event-ID is too old or not known here', () => {
    const hub = createLiveHub({ eventsPerUser: 2, maxUsers: 10 });
    ['e1', 'e2', 'e3'].forEach((id) => hub.publish(eventOf('ann', id)));
    const [tooOld, unknown, othersId] = [recordingStream(), recordingStream(), recordingStream()];
    hub.publish(eventOf('bob', 'b1'));

    hub.connect('ann', tooOld.stream, 'e1');
    hub.connect('carl', unknown.stream, 'e3');
    hub.connect('ann', othersId.stream, 'b1');

    expect(tooOld.got).toEqual(['resync']);
    expect(unknown.got).toEqual(['resync']);
    expect(othersId.got).toEqual(['resync']);
  });

  it('forgets the user heard from longest ago past maxUsers', () => {
    const hub = createLiveHub({ eventsPerUser: 10, maxUsers: 2 });
    hub.publish(eventOf('ann', 'a1'));
    hub.publish(eventOf('bob', 'b1'));
    hub.publish(eventOf('ann', 'a2'));
    hub.publish(eventOf('carl', 'c1'));
    const [ann, bob] = [recordingStream(), recordingStream()];

    hub.connect('ann', ann.stream, 'a1');
    hub.connect('bob', bob.stream, 'b1');

    expect(ann.got).toEqual(['a2']);
    expect(bob.got).toEqual(['resync']);
  });

  it('stops sending to a stream once it is closed, and closes every stream on shutdown', () => {
    const hub = createLiveHub({ eventsPerUser: 10, maxUsers: 10 });
    const [gone, open] = [recordingStream(), recordingStream()];
    const disconnect = hub.connect('ann', gone.stream);
    hub.connect('ann', open.stream);

    disconnect();
    hub.publish(eventOf('ann', 'e1'));
    hub.closeAll();

    expect(gone.got).toEqual([]);
    expect(open.got).toEqual(['e1', 'closed']);
    expect(hub.openStreams()).toBe(0);
  });
});
