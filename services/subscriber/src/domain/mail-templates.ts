import type { Todo } from '@todo-dapr/contracts';

/** One e-mail: a plain-text body and its HTML alternative. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

interface Recipient {
  username: string;
  email: string;
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Subjects go into a mail header: no line breaks, whatever a title holds. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

const page = (paragraphs: string[]) =>
  `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}<p style="color:#777">— todo-dapr</p></body></html>`;

export function welcomeMail(user: Recipient): Mail {
  return {
    to: user.email,
    subject: 'Welcome to todo-dapr',
    text: `Hello ${user.username},\n\nyour account is ready. Log in and add your first todo.\n\n— todo-dapr\n`,
    html: page([
      `Hello ${escapeHtml(user.username)},`,
      'your account is ready. Log in and add your first todo.',
    ]),
  };
}

export function passwordResetMail(user: Recipient, resetUrl: string, expiresAt: string): Mail {
  const until = new Date(expiresAt).toUTCString();
  return {
    to: user.email,
    subject: 'Reset your todo-dapr password',
    text:
      `Hello ${user.username},\n\nsomeone asked to reset your password. If it was you, open this link ` +
      `before ${until}:\n\n${resetUrl}\n\nIf it was not you, ignore this mail: your password stays as it is.\n\n— todo-dapr\n`,
    html: page([
      `Hello ${escapeHtml(user.username)},`,
      `someone asked to reset your password. If it was you, open this link before ${escapeHtml(until)}:`,
      `<a href="${escapeHtml(resetUrl)}">Choose a new password</a>`,
      'If it was not you, ignore this mail: your password stays as it is.',
    ]),
  };
}

/** Sent when a todo with a due date is completed after it. */
export function lateCompletionMail(user: Recipient, todo: Todo, completedAt: string): Mail {
  const days = Math.max(
    1,
    Math.ceil((Date.parse(completedAt) - Date.parse(todo.dueAt ?? completedAt)) / 86_400_000),
  );
  const late = days === 1 ? 'a day' : `${days} days`;
  return {
    to: user.email,
    subject: oneLine(`Done, ${late} late: ${todo.title}`).slice(0, 200),
    text: `Hello ${user.username},\n\nyou completed “${todo.title}” ${late} after its due date. Better late than never!\n\n${todo.url}\n\n— todo-dapr\n`,
    html: page([
      `Hello ${escapeHtml(user.username)},`,
      `you completed “<a href="${escapeHtml(todo.url)}">${escapeHtml(todo.title)}</a>” ${late} after its due date. Better late than never!`,
    ]),
  };
}
