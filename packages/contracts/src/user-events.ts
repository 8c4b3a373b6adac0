import { z } from 'zod';
import { Email, Username } from './auth';
import { EventBase } from './event-envelope';
import { createEventReader, type EventRead } from './event-reader';

const EventUser = z.object({ id: z.string().min(1), username: Username, email: Email });

export const UserRegisteredV1 = EventBase.extend({
  event: z.literal('user_registered'),
  schemaVersion: z.literal(1),
  user: EventUser,
});

export const PasswordResetRequestedV1 = EventBase.extend({
  event: z.literal('password_reset_requested'),
  schemaVersion: z.literal(1),
  user: EventUser,
  /**
   * The reset token, sealed with the `event-encryption-key` secret (AES-256-GCM) and bound
   * to `sealedTokenBinding(userId, <the CloudEvent id>)`.
   */
  sealedToken: z.string().min(1),
  /** The link to send, with `{token}` where the opened token goes. */
  resetUrlTemplate: z.string().includes('{token}'),
  expiresAt: z.iso.datetime(),
});

/** Every event on topic `users`. */
export const UserEvent = z.discriminatedUnion('event', [
  UserRegisteredV1,
  PasswordResetRequestedV1,
]);
export type UserEvent = z.infer<typeof UserEvent>;

const readAnyUserEvent = createEventReader<UserEvent, UserEvent>({
  topic: 'users',
  versions: {
    user_registered: { 1: UserRegisteredV1 },
    password_reset_requested: { 1: PasswordResetRequestedV1 },
  },
  upcast: (event) => event,
});

/** The data of a CloudEvent on topic `users` as a UserEvent, or why it cannot be (see readTodoEvent). */
export const readUserEvent = (data: unknown): EventRead<UserEvent> => readAnyUserEvent(data);

/** A user event's CloudEvent id: stable, so consumers can dedupe on it. */
export const userEventId = (event: Pick<UserEvent, 'event' | 'userId' | 'sequence'>) =>
  `${event.event}:${event.userId}:${event.sequence}`;

/** What a sealed reset token is bound to, so it opens for no other user or event. */
export const sealedTokenBinding = (userId: string, eventId: string) => [userId, eventId];
