import type { Registry } from 'prom-client';

/** What the bot counts for a Prometheus scrape. Label values come from fixed sets (command names, platforms). */
export interface Metrics {
  command(platform: string, command: string, status: string, seconds: number): void;
  digest(platform: string, outcome: 'posted' | 'failed' | 'taken_over'): void;
  feedFetch(outcome: 'ok' | 'not_modified' | 'error'): void;
  error(where: string): void;
}

const ignore: Metrics = {
  command: () => undefined,
  digest: () => undefined,
  feedFetch: () => undefined,
  error: () => undefined,
};

let current: Metrics = ignore;

/** The metrics in force: counting nothing until `enableMetrics` (the terminal chat and `npm run ask` never load prom-client). */
export const metrics = (): Metrics => current;

export interface Gauges {
  documents(): number;
  sentences(): number;
  ready(): boolean;
}

/**
 * Starts counting, with prom-client (loaded here, not at start: it costs ~30 ms the first answer
 * does not need). Returns what `/metrics` serves.
 */
export function enableMetrics(gauges: Gauges): { contentType: string; text(): Promise<string> } {
  const prom = require('prom-client') as typeof import('prom-client');
  const register: Registry = new prom.Registry();
  prom.collectDefaultMetrics({ register });
  const commands = new prom.Counter({
    name: 'briefing_commands_total',
    help: 'Commands answered, by platform, command and answer status.',
    labelNames: ['platform', 'command', 'status'],
    registers: [register],
  });
  const latency = new prom.Histogram({
    name: 'briefing_command_duration_seconds',
    help: 'Time to build an answer, by platform and command.',
    labelNames: ['platform', 'command'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [register],
  });
  const digests = new prom.Counter({
    name: 'briefing_digests_total',
    help: 'Scheduled briefings, by platform and outcome (posted, failed, taken_over from a stopped replica).',
    labelNames: ['platform', 'outcome'],
    registers: [register],
  });
  const fetches = new prom.Counter({
    name: 'briefing_feed_fetches_total',
    help: 'Feed fetches, by outcome.',
    labelNames: ['outcome'],
    registers: [register],
  });
  const errors = new prom.Counter({
    name: 'briefing_errors_total',
    help: 'Errors caught and answered or logged, by where they happened.',
    labelNames: ['where'],
    registers: [register],
  });
  const gauge = (name: string, help: string, read: () => number) =>
    new prom.Gauge({
      name,
      help,
      registers: [register],
      collect() {
        this.set(read());
      },
    });
  gauge('briefing_documents', 'Documents in the index.', gauges.documents);
  gauge('briefing_sentences', 'Sentences in the index.', gauges.sentences);
  gauge('briefing_ready', '1 once the index is loaded and the bot is not shutting down.', () =>
    gauges.ready() ? 1 : 0,
  );
  current = {
    command: (platform, command, status, seconds) => {
      commands.inc({ platform, command, status });
      latency.observe({ platform, command }, seconds);
    },
    digest: (platform, outcome) => digests.inc({ platform, outcome }),
    feedFetch: (outcome) => fetches.inc({ outcome }),
    error: (where) => errors.inc({ where }),
  };
  return { contentType: register.contentType, text: () => register.metrics() };
}
