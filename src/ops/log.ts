/**
 * The bot's log. `text` (the default) writes each message as a line on stderr, as people read it in
 * a terminal; `json` (LOG_FORMAT=json, for a log collector) writes one JSON line per event through
 * pino, with a level, a time and the event's fields (a command's request id among them).
 */
export interface Log {
  (message: string): void;
  /** A machine-readable event (a command answered): a JSON line in `json`, nothing in `text`. */
  event(name: string, fields: Record<string, unknown>): void;
}

export function createLog(format: 'text' | 'json'): Log {
  if (format === 'text') return Object.assign((m: string) => console.error(m), { event: () => undefined });
  const pino = require('pino') as typeof import('pino');
  // Synchronous to stderr: lines keep their order with what the process writes there itself, and a
  // crash loses none.
  const logger = pino.pino({ base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));
  const levelOf = (m: string) =>
    /^(fatal|unhandled)/i.test(m) ? 'error' : /^(warning|.*\bfailed\b|.*\bnot started\b)/i.test(m) ? 'warn' : 'info';
  return Object.assign((m: string) => logger[levelOf(m)](m), {
    event: (name: string, fields: Record<string, unknown>) => logger.info({ event: name, ...fields }),
  });
}
