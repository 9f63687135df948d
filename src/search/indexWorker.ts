// Runs in a worker thread: builds the search index of a first start's sentences while the main
// thread reads who said what in them (each about half of the build; the machine has two cores).
import { workerData, type MessagePort } from 'node:worker_threads';
import { SentenceIndex } from './sentenceIndex';

const job = workerData as { port: MessagePort; done: Int32Array; ids: Int32Array; texts: string[] };
try {
  const index = new SentenceIndex();
  index.addTexts(job.ids, job.texts);
  job.port.postMessage({ state: index.toState() });
  Atomics.store(job.done, 0, 1);
} catch (e) {
  job.port.postMessage({ error: (e as Error).message });
  Atomics.store(job.done, 0, 2);
}
Atomics.notify(job.done, 0);
