// Runs in a worker thread of the read pool (readPool.ts): reads and splits files into documents,
// the part of indexing that needs nothing but the file. Answers on the port it was given; a job
// with a `done` flag is awaited by a blocked thread, which this wakes.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { SidecarMeta } from './loadCorpus';
import { readChunks, type Part } from './readPool';

interface ReadJob {
  id: number;
  dir: string;
  files: string[];
  sidecar?: Array<[string, SidecarMeta]>;
  /** Shared with the threads reading the same files: the next index to take, `chunk` at a time. */
  next: Int32Array;
  chunk: number;
  done?: Int32Array;
}

const port = (workerData as { port: MessagePort }).port;
port.on('message', (job: ReadJob) => {
  const sidecar = job.sidecar ? new Map(job.sidecar) : undefined;
  let reply: { id: number; parts?: Part[]; error?: string };
  try {
    reply = { id: job.id, parts: readChunks(job.dir, job.files, sidecar, job.next, job.chunk) };
  } catch (e) {
    reply = { id: job.id, error: (e as Error).message };
  }
  port.postMessage(reply);
  if (job.done) {
    Atomics.store(job.done, 0, 1);
    Atomics.notify(job.done, 0);
  }
});
