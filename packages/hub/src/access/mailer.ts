/**
 * E-mail of notifications over SMTP (nodemailer). Mail goes out after the change that caused it committed,
 * from the notification outbox (hub_notifications rows whose email_status is 'pending'); a failure leaves the
 * row pending with one more attempt, and the access timers try again, up to MAX_MAIL_ATTEMPTS. A message names
 * the request or onboarding and what happened: never a document's bytes, never a message's text.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { oncoError } from '@oncoatlas/core';

export interface MailSettings {
  /** smtp://host:port (or smtps://user:pass@host:465). */
  readonly smtpUrl: string;
  /** The sender, e.g. `OncoAtlas hub <hub@atlas.example>`. */
  readonly from: string;
}

export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

export const MAX_MAIL_ATTEMPTS = 5;

export class Mailer {
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(o: MailSettings) {
    if (!/^smtps?:\/\//.test(o.smtpUrl)) throw oncoError('CONFIG_INVALID', 'The SMTP address is smtp://host:port or smtps://host:port.');
    this.#transport = nodemailer.createTransport(o.smtpUrl);
    this.#from = o.from;
  }

  async send(m: MailMessage): Promise<void> {
    try {
      await this.#transport.sendMail({ from: this.#from, to: [...m.to], subject: m.subject, text: m.text });
    } catch (err) {
      // The server's answer may quote an address; the code alone says what went wrong.
      throw oncoError('MAIL_FAILED', `The SMTP server did not take the message (${(err as { code?: string }).code ?? 'error'}).`, {}, err);
    }
  }

  close(): void {
    this.#transport.close();
  }
}
