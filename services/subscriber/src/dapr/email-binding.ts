import { DaprResources } from '@todo-dapr/contracts';
import type { BindingsApi } from '@todo-dapr/platform';
import type { Mail } from '../domain/mail-templates';

/**
 * Sends a mail through the `email` output binding (bindings.smtp). That binding sends one
 * text/html body (components-contrib bindings/smtp: `msg.SetBody("text/html", …)`) and
 * takes no other headers, so the HTML part is what goes out; the plain text stays ours.
 */
export function createEmailSender(bindings: BindingsApi) {
  return async (mail: Mail): Promise<void> => {
    await bindings.invoke(DaprResources.email, 'create', mail.html, {
      emailTo: mail.to,
      subject: mail.subject,
    });
  };
}
