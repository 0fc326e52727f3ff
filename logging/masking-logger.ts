import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';
import { maskArgs, maskPersonalData } from './mask';

function maskMeta(meta: LogMetadata | undefined): LogMetadata | undefined {
  if (!meta) return meta;
  const out: LogMetadata = {};
  // Symbol keys (the SDK's timestamp) are kept as they are; string-keyed values are masked.
  for (const k of Reflect.ownKeys(meta)) {
    const v = meta[k as string];
    out[k as string] = typeof k === 'symbol' ? v : maskArgs([v])[0];
  }
  return out;
}

/**
 * A Temporal logger that masks identity-card and phone numbers and e-mail addresses before passing a
 * line on: the worker's Runtime logger, which carries the SDK's, the activities' and (through the
 * default sink) the workflows' log lines. A failed activity's message is logged here too.
 */
export class MaskingLogger implements Logger {
  constructor(private readonly inner: Logger) {}
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.inner.log(level, maskPersonalData(message), maskMeta(meta));
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Masks what this process prints through `console` (a worker's, `npm start`'s): an error message may quote a statement. */
export function maskConsole(c: Console = console): void {
  for (const m of METHODS) {
    const original = c[m].bind(c);
    c[m] = (...args: unknown[]) => original(...maskArgs(args));
  }
}
