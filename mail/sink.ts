import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface SmtpSink {
  port: number;
  url: string;
  messages(): ReceivedMail[];
  /** Resolves with the first message that matches, waiting up to `timeoutMs`. */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Stops accepting mail (an SMTP outage); `restart()` listens again on the same port, keeping what it has. */
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/**
 * A local SMTP server that accepts every message and keeps it: in memory, and when `dir` is given as
 * `<n>.eml` files plus an `index.jsonl` a person (or the mail viewer) can read. Production uses a real relay.
 */
export async function startSmtpSink(
  opts: {
    port?: number;
    host?: string;
    dir?: string;
    /** Recipients refused for good (550), as a real relay refuses unknown mailboxes: for tests. */
    refuse?: (address: string) => boolean;
    /**
     * Messages the sink reads but never answers, as a relay that hangs mid-transaction: for fault tests.
     * An unanswered message is not accepted, so it is not kept.
     */
    stall?: (recipients: string[]) => boolean;
    /**
     * Replies to force, as a relay in trouble gives them: a code per command (450 to RCPT TO for
     * greylisting, 535 to AUTH for a wrong password, …); a 2xx code lets the command through. With an
     * `AUTH` entry the sink offers AUTH (PLAIN, LOGIN; without TLS, it listens on loopback) and answers
     * every login with that code. The texts echo the address, as real relays do: for tests.
     */
    replies?: Partial<Record<'AUTH' | 'MAIL FROM' | 'RCPT TO' | 'DATA', number>>;
  } = {},
): Promise<SmtpSink> {
  const host = opts.host ?? '127.0.0.1';
  const received: ReceivedMail[] = [];
  const index = opts.dir ? join(opts.dir, 'index.jsonl') : undefined;
  if (opts.dir) {
    mkdirSync(opts.dir, { recursive: true });
    if (index && existsSync(index)) {
      for (const line of readFileSync(index, 'utf8').split('\n').filter(Boolean)) received.push(JSON.parse(line) as ReceivedMail);
    }
  }
  const waiters = new Set<() => void>();
  const replies = opts.replies ?? {};
  /** The forced reply to a command, as the error smtp-server answers with; nothing when it may go ahead. */
  const forced = (command: keyof typeof replies, echo: string): (Error & { responseCode: number }) | undefined => {
    const code = replies[command];
    if (code === undefined || (code >= 200 && code < 300)) return undefined;
    const text = code >= 500 ? 'refused' : 'try again later';
    return Object.assign(new Error(`${Math.floor(code / 100)}.0.0 <${echo}>: ${command} ${text}`), { responseCode: code });
  };

  const createServer = () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: replies.AUTH === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        const err = forced('AUTH', auth.username ?? '');
        if (err) return callback(err);
        callback(null, { user: auth.username });
      },
      onMailFrom(address, _session, callback) {
        callback(forced('MAIL FROM', address.address));
      },
      onRcptTo(address, _session, callback) {
        if (opts.refuse?.(address.address)) {
          const err = new Error(`5.1.1 <${address.address}>: mailbox unavailable`) as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        callback(forced('RCPT TO', address.address));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (opts.stall?.(session.envelope.rcptTo.map((r) => r.address))) return;
          const refusal = forced('DATA', session.envelope.rcptTo.map((r) => r.address).join(', '));
          if (refusal) return callback(refusal);
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              const headers: Record<string, string> = {};
              for (const [k, v] of parsed.headers) if (typeof v === 'string') headers[k] = v;
              const mail: ReceivedMail = {
                id: received.length + 1,
                receivedAt: new Date().toISOString(),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                messageId: parsed.messageId ?? '',
                headers,
              };
              received.push(mail);
              if (opts.dir && index) {
                writeFileSync(join(opts.dir, `${mail.id}.eml`), raw);
                appendFileSync(index, JSON.stringify(mail) + '\n');
              }
              for (const w of waiters) w();
              callback();
            })
            .catch((err: Error) => callback(err));
        });
      },
    });
    server.on('error', () => undefined);
    return server;
  };
  const listen = (server: SMTPServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });

  let server = createServer();
  const port = await listen(server, opts.port ?? 0);
  let running = true;

  return {
    port,
    url: `smtp://${host}:${port}`,
    messages: () => [...received],
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const tryNow = () => {
          const m = received.find(match);
          if (m) {
            waiters.delete(tryNow);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(tryNow);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(tryNow);
        tryNow();
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (!running) return resolve();
        running = false;
        server.close(() => resolve());
      }),
    async restart() {
      if (running) return;
      server = createServer();
      await listen(server, port);
      running = true;
    },
  };
}
