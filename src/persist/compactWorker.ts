// Runs in a worker thread: folds the snapshot's journal into a new base from disk, so the process
// answering questions never serialises the index (8 s at 1M sentences when it did).
import { parentPort, workerData } from 'node:worker_threads';
import { learnedFromLessons } from '../actors/knowledge';
import type { ActorsFile } from '../actors/types';
import { compactSnapshot } from './snapshot';

const job = workerData as { path: string; settings: string; sources: string; upTo: number; actors?: ActorsFile };
let result: ReturnType<typeof compactSnapshot>;
try {
  result = compactSnapshot(job.path, job.settings, job.sources, job.upTo, undefined, (lessons) =>
    learnedFromLessons(lessons, job.actors),
  );
} catch (e) {
  result = { ok: false, reason: (e as Error).message };
}
parentPort!.postMessage(result);
