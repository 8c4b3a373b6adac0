import { sealedTokenBinding, type TodoEvent, type UserEvent } from '@todo-dapr/contracts';
import { open, type Logger } from '@todo-dapr/platform';
import { lateCompletionMail, passwordResetMail, welcomeMail, type Mail } from './mail-templates';
import { PermanentFailure } from './permanent-failure';

export interface Contact {
  username: string;
  email: string;
}

export interface NotifierDeps {
  contacts: {
    save(userId: string, contact: Contact): Promise<void>;
    get(userId: string): Promise<Contact | undefined>;
  };
  /** Event ids whose mail went out (expiring records): a redelivery sends nothing. */
  sent: { has(eventId: string): Promise<boolean>; mark(eventId: string): Promise<void> };
  send: (mail: Mail) => Promise<void>;
  /** The key reset tokens are sealed with (the `event-encryption-key` secret). */
  resetTokenKey: () => Promise<string>;
  /** The page a reset link opens (the event's own template is not trusted). */
  resetPageUrl: string;
  logger: Logger;
}

/**
 * Consumer B: e-mail notifications. A mail is sent once in effect: it is sent, then marked;
 * a failed send throws (the event is retried), and a redelivery of a marked event sends
 * nothing. Only a crash between the send and the mark can send it twice.
 */
export function createNotifier(deps: NotifierDeps) {
  const { contacts, sent, send, logger } = deps;

  async function mailFor(eventId: string, event: UserEvent | TodoEvent): Promise<Mail | undefined> {
    switch (event.event) {
      case 'user_registered':
        return welcomeMail(event.user);
      case 'password_reset_requested': {
        // A key that cannot be fetched now may be there on a retry; a token that does not
        // open with it (or was sealed for another user or event) never will.
        const key = await deps.resetTokenKey();
        let token: string;
        try {
          token = open(event.sealedToken, key, sealedTokenBinding(event.userId, eventId));
        } catch (error) {
          throw new PermanentFailure('the reset token does not open with our key', {
            cause: error,
          });
        }
        const url = new URL(deps.resetPageUrl);
        url.searchParams.set('token', token);
        return passwordResetMail(event.user, url.href, event.expiresAt);
      }
      case 'todo_updated': {
        const { todo } = event;
        const completedLate =
          event.changes.includes('completed') &&
          todo.completed &&
          todo.dueAt !== undefined &&
          Date.parse(todo.updatedAt) > Date.parse(todo.dueAt);
        if (!completedLate) return undefined;
        const contact = await contacts.get(event.userId);
        if (!contact) {
          logger.info('no address known for a late-completion mail', { userId: event.userId });
          return undefined;
        }
        return lateCompletionMail(contact, todo, todo.updatedAt);
      }
      default:
        return undefined;
    }
  }

  return async function notify(eventId: string, event: UserEvent | TodoEvent): Promise<void> {
    if (event.event === 'user_registered') await contacts.save(event.userId, event.user);
    const mail = await mailFor(eventId, event);
    if (!mail || (await sent.has(eventId))) return;
    await send(mail);
    await sent.mark(eventId);
    logger.info('mail sent', { eventId, type: event.event, userId: event.userId });
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
