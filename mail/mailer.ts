import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per notice: a receiver can drop a copy that a retry sent again. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** nodemailer over SMTP (SMTP_URL). Failures throw, so the calling activity retries. */
export function createMailer(smtpUrl: string, from: string): Mailer {
  // Short timeouts: an SMTP outage fails the activity fast, and Temporal retries it.
  const options: SMTPTransport.Options & { url: string } = {
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transport = nodemailer.createTransport(options);
  return {
    async send(m) {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: m.messageId,
        headers: m.headers,
      });
    },
    close() {
      transport.close();
    },
  };
}
