import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { readDocument, type DocumentResult, type SidecarMeta } from './loadCorpus';

/** Below this many files a batch is read on the calling thread: a round trip costs more than it saves. */
export const POOL_FROM_FILES = 2;
/**
 * …and a blocking read below this many: the caller would wait for the threads to start (about 0.1 s,
 * loading the reader's modules), what reading a few hundred files costs on one thread.
 */
export const BLOCKING_FROM_FILES = 300;

export type Part = [start: number, results: DocumentResult[]];
type Reply = { id: number; parts?: Part[]; error?: string };

/** Files taken at a time from the shared counter: small enough to balance, large enough to cost nothing. */
const CHUNK = 8;

interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  pending: Map<number, (r: Reply) => void>;
}

/**
 * Worker threads that read and split files into documents, sized to the cores: one fewer than the
 * machine has (the calling thread analyses what they read, or reads with them), at least one.
 * Reading and splitting need nothing but the file; who said what and how each line ranks need the
 * corpus's knowledge of people, which lives on the main thread and changes with every batch, so
 * that part stays there, in slices.
 *
 * The threads take files from a shared counter, a few at a time, so a thread still starting (its
 * modules loading) or slowed down takes fewer. `read` is for a running bot (the event loop stays
 * free while the pool reads); `readBlocking` for a first build, which is one synchronous step: the
 * calling thread takes files from the same counter and then waits for the rest. Both fall back to
 * reading on the calling thread when there is no compiled worker (the test runner loads
 * TypeScript), a thread cannot start or one fails: the pool is a speed-up, never a dependency.
 */
export class ReadPool {
  private workers?: PoolWorker[];
  private broken = false;
  private nextId = 0;

  constructor(
    readonly size = Math.max(1, Math.min(8, availableParallelism() - 1)),
    private readonly workerFile = join(__dirname, 'readWorker.js'),
    private readonly blockingFrom = BLOCKING_FROM_FILES,
  ) {}

  /** Reads these files of `dir` off the event loop; results in the order of `files`. */
  async read(dir: string, files: string[], sidecar?: Map<string, SidecarMeta>): Promise<DocumentResult[]> {
    const workers = files.length >= POOL_FROM_FILES ? this.start() : undefined;
    if (!workers) return files.map((f) => readDocument(dir, f, sidecar));
    const job = {
      dir,
      files,
      sidecar: sidecar && [...sidecar],
      next: new Int32Array(new SharedArrayBuffer(4)),
      chunk: CHUNK,
    };
    try {
      const replies = await Promise.all(
        workers.map(
          (w) =>
            new Promise<Part[]>((resolve, reject) => {
              const id = this.nextId++;
              w.pending.set(id, (r) => (r.parts ? resolve(r.parts) : reject(new Error(r.error))));
              // Held open while a read is under way: a process waiting for nothing else must not end.
              w.port.ref();
              w.port.postMessage({ ...job, id });
            }),
        ),
      );
      return assemble(files.length, replies.flat());
    } catch {
      this.fail();
      return files.map((f) => readDocument(dir, f, sidecar));
    }
  }

  /**
   * Reads these files with the pool and this thread together, blocking until all are read (a first
   * build is synchronous). Falls back to this thread alone when the pool is busy or unavailable.
   */
  readBlocking(dir: string, files: string[], sidecar?: Map<string, SidecarMeta>): DocumentResult[] {
    const busy = this.workers?.some((w) => w.pending.size > 0);
    const workers = files.length >= this.blockingFrom && !busy ? this.start() : undefined;
    if (!workers) return files.map((f) => readDocument(dir, f, sidecar));
    const next = new Int32Array(new SharedArrayBuffer(4));
    const job = { dir, files, sidecar: sidecar && [...sidecar], next, chunk: CHUNK };
    const flags = workers.map((w) => {
      const done = new Int32Array(new SharedArrayBuffer(4));
      w.port.postMessage({ ...job, id: this.nextId++, done });
      return done;
    });
    const parts = readChunks(dir, files, sidecar, next, CHUNK);
    let lost = false;
    workers.forEach((w, i) => {
      const done = flags[i]!;
      // A minute, plus 10 ms a file: far beyond what reading takes; past it, this thread reads what is missing.
      const deadline = Date.now() + 60_000 + files.length * 10;
      while (Atomics.load(done, 0) === 0 && Date.now() < deadline) Atomics.wait(done, 0, 0, 1000);
      const reply = Atomics.load(done, 0) === 1 ? (receiveMessageOnPort(w.port)?.message as Reply) : undefined;
      if (reply?.parts) parts.push(...reply.parts);
      else lost = true;
    });
    if (lost) this.fail();
    const results = assemble(files.length, parts);
    // What a failed thread had taken is read here.
    return Array.from(results, (r, i) => r ?? readDocument(dir, files[i]!, sidecar));
  }

  /** Stops the threads (they do not keep the process alive meanwhile). */
  close(): void {
    for (const w of this.workers ?? []) void w.worker.terminate();
    this.workers = undefined;
  }

  private start(): PoolWorker[] | undefined {
    if (this.workers || this.broken) return this.workers;
    if (!existsSync(this.workerFile)) return undefined;
    const workers: PoolWorker[] = [];
    try {
      for (let i = 0; i < this.size; i++) {
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(this.workerFile, { workerData: { port: port2 }, transferList: [port2] });
        const w: PoolWorker = { worker, port: port1, pending: new Map() };
        port1.on('message', (r: Reply) => {
          const settle = w.pending.get(r.id);
          w.pending.delete(r.id);
          if (!w.pending.size) port1.unref();
          settle?.(r);
        });
        const failed = (error: string) => {
          for (const settle of w.pending.values()) settle({ id: -1, error });
          w.pending.clear();
          this.fail();
        };
        worker.on('error', (e) => failed(e.message));
        worker.on('exit', (code) => w.pending.size && failed(`read worker stopped (${code})`));
        worker.unref();
        port1.unref();
        workers.push(w);
      }
    } catch {
      for (const w of workers) void w.worker.terminate();
      this.broken = true;
      return undefined;
    }
    return (this.workers = workers);
  }

  /** A thread failed: the pool is given up on, and every read from now on is done on the calling thread. */
  private fail() {
    this.broken = true;
    this.close();
  }
}

/**
 * Reads the files at the shared counter `next`, `chunk` at a time, until none are left: what the
 * pool's threads and a blocked caller each do with the same files.
 */
export function readChunks(
  dir: string,
  files: string[],
  sidecar: Map<string, SidecarMeta> | undefined,
  next: Int32Array,
  chunk: number,
): Part[] {
  const parts: Part[] = [];
  for (;;) {
    const start = Atomics.add(next, 0, chunk);
    if (start >= files.length) return parts;
    parts.push([start, files.slice(start, start + chunk).map((f) => readDocument(dir, f, sidecar))]);
  }
}

/** The parts put back in the order of the files (a slot no part filled stays empty). */
function assemble(n: number, parts: Part[]): DocumentResult[] {
  const out = new Array<DocumentResult>(n);
  for (const [start, results] of parts) results.forEach((r, k) => (out[start + k] = r));
  return out;
}

let shared: ReadPool | undefined;

/** The process's read pool, made on first use. */
export function readPool(): ReadPool {
  return (shared ??= new ReadPool());
}
