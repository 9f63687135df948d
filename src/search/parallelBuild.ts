import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Sentence } from '../corpus/types';
import type { IndexState } from './indexFrames';
import { indexable } from './sentenceIndex';

const GIVE_UP_IF_SILENT = `
const { workerData } = require('node:worker_threads');
try {
  require(workerData.file);
} finally {
  if (Atomics.compareExchange(workerData.done, 0, 0, 2) === 0) Atomics.notify(workerData.done, 0);
}`;

/** Below this many sentences a thread costs more than it saves. */
export const WORKER_FROM_SENTENCES = 20_000;

/**
 * Starts building the search index of these sentences in a worker thread and returns the wait for
 * it: the caller analyses the documents meanwhile, then waits (blocking, so the build stays one
 * synchronous step) and loads the state. Undefined when there is no compiled worker (the test
 * runner loads TypeScript sources) or no thread could start; the caller then builds inline. A worker
 * that fails, or takes far longer than it should, is given up on the same way.
 */
export function buildSearchInWorker(
  sentences: Sentence[],
  workerFile = join(__dirname, 'indexWorker.js'),
): (() => IndexState | undefined) | undefined {
  if (!existsSync(workerFile)) return undefined;
  const chosen = sentences.filter(indexable);
  const ids = Int32Array.from(chosen, (s) => s.id);
  const texts = chosen.map((s) => s.text);
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    // Loaded through a wrapper that says "failed" if the script ends without answering, so a wrong or
    // broken worker costs a moment, not the deadline.
    worker = new Worker(GIVE_UP_IF_SILENT, {
      eval: true,
      workerData: { file: workerFile, port: port2, done, ids, texts },
      transferList: [port2, ids.buffer],
    });
  } catch {
    return undefined;
  }
  worker.unref();
  const started = Date.now();
  return () => {
    // A minute, plus a millisecond a sentence: about 50 times what it takes.
    const deadline = started + 60_000 + texts.length;
    while (Atomics.load(done, 0) === 0 && Date.now() < deadline) Atomics.wait(done, 0, 0, 1000);
    const reply = Atomics.load(done, 0) === 1 ? receiveMessageOnPort(port1)?.message : undefined;
    void worker.terminate();
    port1.close();
    return (reply as { state?: IndexState } | undefined)?.state;
  };
}
