/**
 * The Slack half of the load test's burst, on a worker thread of its own: the signed slash commands
 * are posted and their acknowledgements timed here, while the main thread's fake Slack receives the
 * answers. Slack's servers do not read acknowledgements on the event loop that takes the answers in;
 * sharing one counted the fake's work against the bot (issue 14).
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { signedHeaders, slashCommandBody } from '../test/fakes/fakeSlack';

export interface BurstTarget {
  port: number;
  secret: string;
}

/** One per request: the command, its text and the response_url the answer goes to. */
export type BurstOrder = Array<{ command: string; text: string; responseUrl: string }>;

export interface BurstResult {
  /** Date.now() when each request was sent (the answers are timed from it), and its acknowledgement ms. */
  sentAt: number[];
  ackMs: number[];
}

/**
 * Posts as Slack does, through plain node:http on kept-alive connections: the load generator shares
 * the machine's two cores with the bot, and fetch's per-request cost (streams, its first-call
 * compile) would be counted against the bot.
 */
function post(agent: Agent, port: number, headers: Record<string, string>, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => res.resume().on('end', resolve).on('error', reject),
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function burst(agent: Agent, target: BurstTarget, order: BurstOrder): Promise<BurstResult> {
  // Signed before the clock starts: signing is Slack's work, not the bot's.
  const bodies = order.map((r) => slashCommandBody(r.command, r.text, r.responseUrl));
  const headers = bodies.map((b) => signedHeaders(target.secret, b));
  const sentAt: number[] = [];
  const ackMs: number[] = [];
  await Promise.all(
    bodies.map(async (body, i) => {
      const t = performance.now();
      sentAt[i] = Date.now();
      await post(agent, target.port, headers[i]!, body);
      ackMs[i] = performance.now() - t;
    }),
  );
  return { sentAt, ackMs };
}

// One agent for every burst this worker is sent: its connections stay open between them, as Slack's do.
if (parentPort && workerData) {
  const port = parentPort;
  const target = workerData as BurstTarget;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  port.on('message', (order: BurstOrder) =>
    burst(agent, target, order).then(
      (r) => port.postMessage({ ok: true, ...r }),
      (e: Error) => port.postMessage({ ok: false, error: e.message }),
    ),
  );
}
