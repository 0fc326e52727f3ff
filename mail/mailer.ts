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

/**
 * The longest one `send` can take, whatever the relay does: it is aborted then (connection closed).
 * Short timeouts fail the activity fast in an SMTP outage, and Temporal retries it; a notice of a few
 * kilobytes needs far less. activities/notices.ts holds a notice's claim for longer than this, so a
 * claim older than that belongs to an attempt that is surely dead.
 */
export const SEND_TIMEOUT_MS = 20_000;

/** nodemailer over SMTP (SMTP_URL, credentials in the URL). Failures throw, so the calling activity retries. */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const options: SMTPTransport.Options & { url: string } = {
    url: smtpUrl,
    // Connecting, greeting included: nodemailer cuts the greeting short by what is left of this.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    // Silence from the relay once connected: under SEND_TIMEOUT_MS, so that a relay that
    // hangs mid-transaction fails with a timeout of its own rather than the abort.
    socketTimeout: 15_000,
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
        // Bounds the whole transaction: the timeouts above each restart with every reply.
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    },
    close() {
      transport.close();
    },
  };
}
