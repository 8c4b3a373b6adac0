import { lateCompletionMail, passwordResetMail, welcomeMail } from '../src/domain/mail-templates';

const ann = { username: 'ann<script>', email: 'ann@example.com' };

describe('mail templates', () => {
  it('a welcome mail has a plain-text body and an HTML alternative, with the name escaped in HTML', () => {
    const mail = welcomeMail(ann);

    expect(mail).toMatchObject({ to: 'ann@example.com', subject: 'Welcome to todo-dapr' });
    expect(mail.text).toContain('Hello ann<script>,');
    expect(mail.html).toContain('Hello ann&lt;script&gt;,');
    expect(mail.html).not.toContain('<script>');
  });

  it('a reset mail carries the link in both bodies', () => {
    const url = 'https://todo.example/reset?token=abc&x=1';
    const mail = passwordResetMail(ann, url, '2026-11-27T12:30:00Z');

    expect(mail.text).toContain(url);
    expect(mail.html).toContain('href="https://todo.example/reset?token=abc&amp;x=1"');
    expect(mail.text).toContain('Fri, 27 Nov 2026 12:30:00 GMT');
  });

  it('a late-completion mail says how late, and keeps the subject on one line', () => {
    const mail = lateCompletionMail(
      ann,
      {
        id: 't',
        title: 'File\r\ntaxes',
        completed: true,
        order: 1,
        dueAt: '2026-11-20T12:00:00Z',
        createdAt: '2026-11-01T00:00:00Z',
        updatedAt: '2026-11-23T13:00:00Z',
        version: 2,
        priority: 'normal',
        url: 'http://x/todos/t',
      },
      '2026-11-23T13:00:00Z',
    );

    expect(mail.subject).toBe('Done, 4 days late: File taxes');
    expect(mail.text).toContain('4 days after its due date');
  });
});
