/**
 * `npm run bench [-- --json] [--sizes seeds,guardian,bbc,100k,1M] [--runs 3] [--peer-runs N] [--peers-up-to 100k]`
 * `npm run bench -- --scaling [--sizes 100k,1M]`: docs/SCALING.md's figures (bench/scaling.ts)
 * (`-- --render run.json` prints the tables of a run saved with --json)
 *
 * Measures, in one run on this machine: index build time and throughput, memory per sentence,
 * snapshot size / save / load, time from process start to the first answer, p50/p99 latency of
 * /position, /quotes and /search over a fixed workload, how fast a new article becomes answerable,
 * and the same workload on a naive scan, plain MiniSearch, Lunr and Orama as ratios to ours.
 * Not a test: figures depend on the machine; compare runs with --json.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpus, totalmem, tmpdir } from 'node:os';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { commands } from '../commands';
import { targetOf } from '../src/answers/position';
import type { Answer } from '../src/answers/model';
import type { CorpusIndex } from '../src/corpusIndex';
import type { CommandContext } from '../src/commandModel';
import { dispatch } from '../src/dispatch';
import { loadConfig } from '../src/config';
import { LiveIndex } from '../src/liveIndex';
import { parseDocument } from '../src/corpus/loadCorpus';
import { saveSnapshot } from '../src/persist/snapshot';
import { sourcesFor } from '../src/sources';
import { loadActorsFile } from '../src/actors/gazetteer';
import { Knowledge } from '../src/actors/knowledge';
import { lunrPeer, miniSearchPeer, naivePeer, oramaPeer, type Doc, type Peer } from './peers';
import { feedIngest } from './feedIngest';
import { underLoad, type LoadFigures } from './load';
import { answersPerSecond, briefingsPerMinute, type ThroughputFigures } from './scaling';
import { conversationalWorkload, workload, type BenchQuery } from './queries';
import { stancesPng } from '../src/render/stancesPicture';
import { Turns } from '../src/util/turns';
import { AnswerWarmer } from '../src/warmer';

const ROOT = resolve(__dirname, '..', '..');
const SHARED = resolve(ROOT, '..', 'shared', 'corpora');
/** The same actors file the bot itself would read, so its snapshot is the bot's snapshot. */
const ACTORS_FILE = loadConfig({
  ...process.env,
  ACTORS_FILE: process.env.ACTORS_FILE ?? join(ROOT, 'actors.json'),
}).actorsFile;
/** Two full collections: one leaves the garbage of a just-finished serialisation counted as live. */
const gc = () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
};

interface Args {
  json: boolean;
  sizes: string[];
  runs: number;
  /** Passes of the workload for the peers (default: --runs); the naive scan at 1M takes minutes a pass. */
  peerRuns?: number;
  peersUpTo: number;
  /** A run saved with --json: print its tables and measure nothing. */
  render?: string;
  /** docs/SCALING.md's figures instead: answers per second and memory per replica, briefings per minute across replicas. */
  scaling: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    json: false,
    sizes: ['seeds', 'guardian', 'bbc', '100k', '1M'],
    runs: 3,
    peersUpTo: 100_000,
    scaling: false,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') a.json = true;
    else if (argv[i] === '--sizes') a.sizes = argv[++i]!.split(',');
    else if (argv[i] === '--runs') a.runs = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--peer-runs') a.peerRuns = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--peers-up-to') a.peersUpTo = sizeCount(argv[++i]!) ?? 0;
    else if (argv[i] === '--render') a.render = argv[++i];
    else if (argv[i] === '--scaling') a.scaling = true;
  }
  return a;
}

function sizeCount(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kM])$/.exec(s);
  return m ? Number(m[1]) * (m[2] === 'k' ? 1_000 : 1_000_000) : undefined;
}

/**
 * BBC articles copied (with new paths) until the corpus holds `target` sentences, whole files at a
 * time, so the size is the target within one article; cached in the temp folder.
 */
function replicatedBbc(target: number, perFile: Map<string, number>): string {
  const dir = join(tmpdir(), `briefing-bench-bbc-${target}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const src = join(SHARED, 'bbc-news-2225');
  const files = [...perFile.keys()];
  let total = 0;
  for (let i = 0; total < target; i++) {
    const f = files[i % files.length]!;
    const copy = join(dir, `copy${Math.floor(i / files.length)}`);
    if (i % files.length === 0) mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, f), readFileSync(join(src, f)));
    total += perFile.get(f)!;
  }
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

function scratchCopy(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-bench-corpus-'));
  cpSync(src, dir, { recursive: true });
  return dir;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const median = (xs: number[]) => percentile(xs, 50);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

interface Latency {
  p50: number;
  p99: number;
}
type Kinds = Record<BenchQuery['kind'], Latency>;

interface EngineResult {
  buildS: number;
  heapBytesPerSentence: number;
  latency: Kinds;
  typoHitRate: number;
}

interface SizeResult {
  sentences: number;
  documents: number;
  buildS: number;
  sentencesPerS: number;
  heapBytesPerSentence: number;
  /** The same, when the bot starts from its snapshot (as it usually does): Maps come back without growth slack. */
  heapFromSnapshotBytesPerSentence: number;
  rssMB: number;
  snapshotMB: number;
  snapshotSaveS: number;
  snapshotLoadS: number;
  /** The median of FIRST_ANSWER_STARTS starts (one start swings by a tenth either way on this machine). */
  firstAnswerS: number;
  /** Every start's first answer, fastest first. */
  firstAnswerEachS: number[];
  /** From the median start until its search index was loaded and the sources compared (every command answers). */
  searchReadyS: number;
  newArticleAnswerableMs: number;
  /** Event-loop delay while 100 new articles are indexed and while the snapshot is saved (issue 14: p99 ≤ 20, max ≤ 50 ms). */
  loopDelay: { indexing: LoopDelay; save: LoopDelay; saveOnMainThread: LoopDelay };
  /** 50 slash commands at once through the fake Slack (signed HTTP) and 50 through the fake Discord gateway. */
  load: LoadFigures;
  latency: Kinds;
  /** The first pass over the workload, with nothing cached yet. */
  coldLatency: Kinds;
  /** Every /position of the workload asked once after one new article lands (asked before it, as in use). */
  positionAfterChange: AfterChange;
  typoHitRate: number;
  /** /ask, /compare, /stances: cold (nothing cached) and warm, and the /stances picture. */
  conversational: Conversational;
  peers: Record<string, EngineResult & { ratioP50: Record<string, number>; ratioP99: Record<string, number> }>;
}

interface Conversational {
  cold: Record<'ask' | 'compare' | 'stances', Latency>;
  warm: Record<'ask' | 'compare' | 'stances', Latency>;
  /** Each command's cold p99 ÷ /position's cold p99 (goal ≤ 2). */
  ratioToPosition: Record<'ask' | 'compare' | 'stances', number>;
  /** The /stances PNG: first render (font loaded once per process) and then p50 / p99 (goal ≤ 300 ms). */
  picture: { firstMs: number; p50: number; p99: number; width: number; height: number };
}

/** The conversational commands over the built index: one cold pass (caches cleared), one warm; the picture rendered 20 times. */
async function timeConversational(b: CorpusIndex, positionColdP99: number): Promise<Conversational> {
  const ctx: CommandContext = { corpus: b, limit: 10, services: {}, commands };
  const queries = conversationalWorkload();
  b.cache.clear();
  const pass = async () => {
    const t: Record<'ask' | 'compare' | 'stances', number[]> = { ask: [], compare: [], stances: [] };
    for (const q of queries) {
      const t0 = performance.now();
      await dispatch(`/${q.kind} ${q.text}`, ctx);
      t[q.kind].push(performance.now() - t0);
    }
    const lat = (xs: number[]) => ({ p50: round(percentile(xs, 50), 3), p99: round(percentile(xs, 99), 3) });
    return { ask: lat(t.ask), compare: lat(t.compare), stances: lat(t.stances) };
  };
  const cold = await pass();
  const warm = await pass();
  const matrix = (await dispatch('/stances', ctx)).matrix;
  const renders: number[] = [];
  let size = { width: 0, height: 0 };
  for (let i = 0; i < 21 && matrix; i++) {
    const t0 = performance.now();
    const r = stancesPng(matrix, 'Stances');
    renders.push(performance.now() - t0);
    size = { width: r.width, height: r.height };
  }
  const rest = renders.slice(1);
  return {
    cold,
    warm,
    ratioToPosition: {
      ask: round(cold.ask.p99 / Math.max(positionColdP99, 1e-3), 2),
      compare: round(cold.compare.p99 / Math.max(positionColdP99, 1e-3), 2),
      stances: round(cold.stances.p99 / Math.max(positionColdP99, 1e-3), 2),
    },
    picture: {
      firstMs: round(renders[0] ?? NaN, 1),
      p50: round(percentile(rest, 50), 1),
      p99: round(percentile(rest, 99), 1),
      ...size,
    },
  };
}

/**
 * Runs the workload `runs` times. `cold` is the first pass, before any answer is cached; `latency`
 * is, per kind, the median across the later passes of each pass's p50 and p99 (all passes when one).
 */
async function timeWorkload(
  queries: BenchQuery[],
  runs: number,
  ask: (q: BenchQuery) => Promise<string[]>,
): Promise<{ latency: Kinds; cold: Kinds; typoHitRate: number }> {
  const perRun: Array<Record<string, number[]>> = [];
  let hits = 0;
  let typos = 0;
  for (let r = 0; r < runs; r++) {
    const times: Record<string, number[]> = { position: [], quotes: [], search: [] };
    for (const q of queries) {
      const t = performance.now();
      const texts = await ask(q);
      times[q.kind]!.push(performance.now() - t);
      if (r === 0 && q.intended) {
        typos++;
        if (texts.some((x) => x.toLowerCase().includes(q.intended!.toLowerCase()))) hits++;
      }
    }
    perRun.push(times);
  }
  const summarise = (passes: Array<Record<string, number[]>>) => {
    const out = {} as Kinds;
    for (const kind of ['position', 'quotes', 'search'] as const) {
      out[kind] = {
        p50: round(median(passes.map((t) => percentile(t[kind]!, 50))), 3),
        p99: round(median(passes.map((t) => percentile(t[kind]!, 99))), 3),
      };
    }
    return out;
  };
  return {
    latency: summarise(perRun.length > 1 ? perRun.slice(1) : perRun),
    cold: summarise(perRun.slice(0, 1)),
    typoHitRate: typos ? round(hits / typos, 3) : NaN,
  };
}

/**
 * The first /position for each actor after a change, as a meeting meets it: the actors were asked
 * before (the bot's warmer counted them); one new article (a seed under a new name, naming the UK,
 * the US and Russia) lands; the warmer runs as it does in the bot after every change; each is asked
 * again. Also measured without the warmer (a second article, asked at once): what an actor nobody
 * asked before costs, or a question arriving while the warming is under way. The articles are removed
 * afterwards, so later measures see the corpus as it was.
 */
async function positionAfterChange(b: CorpusIndex, queries: BenchQuery[]): Promise<AfterChange> {
  const warmer = new AnswerWarmer(new Turns(), (limit) => ({ corpus: b, limit, services: {}, commands }));
  const asked: CommandContext = {
    corpus: b,
    limit: 10,
    services: { asked: (def, args, limit) => warmer.record(def, args, limit) },
    commands,
  };
  const positions = queries.filter((q) => q.kind === 'position');
  for (const q of positions) await dispatch(`/position ${q.text}`, asked);
  const seeds = readdirSync(join(ROOT, 'seeds')).filter((f) => f.endsWith('.txt'));
  const land = (seed: string) => {
    const text = readFileSync(join(ROOT, 'seeds', seed), 'utf8');
    const file = `bench-after-change-${seed}`;
    b.apply({ upsert: [parseDocument(file, text, { hash: file, bytes: text.length, mtimeMs: 0 })], remove: [] });
    return file;
  };
  const askAll = async (): Promise<Latency> => {
    const times: number[] = [];
    for (const q of positions) {
      const t = performance.now();
      await dispatch(`/position ${q.text}`, asked);
      times.push(performance.now() - t);
    }
    return { p50: round(percentile(times, 50), 3), p99: round(percentile(times, 99), 3) };
  };
  const first = land(seeds[0]!);
  const t = performance.now();
  const warmed = await warmer.warm();
  const warmMs = performance.now() - t;
  const afterWarming = await askAll();
  const second = land(seeds[1] ?? seeds[0]!);
  const unwarmed = await askAll();
  b.apply({ upsert: [], remove: [first, second] });
  return { ...afterWarming, unwarmed, warming: { answers: warmed, ms: round(warmMs, 1) } };
}

interface AfterChange extends Latency {
  /** Asked at once, before the warmer ran. */
  unwarmed: Latency;
  /** The warming after the change: answers computed again and the time it took (in turns, in the background). */
  warming: { answers: number; ms: number };
}

function oursAsk(b: CorpusIndex): (q: BenchQuery) => Promise<string[]> {
  const ctx: CommandContext = { corpus: b, limit: 10, services: {}, commands };
  return async (q) => {
    const a: Answer = await dispatch(`/${q.kind} ${q.text}`, ctx);
    return a.sections.flatMap((s) => s.lines ?? []).map((l) => l.text);
  };
}

function peerAsk(p: Peer, b: CorpusIndex, texts: Map<number, string>): (q: BenchQuery) => Promise<string[]> {
  return async (q) => {
    let ids: number[];
    if (q.kind === 'position') {
      const words = q.text.split(' ');
      let actor = q.text;
      let topic: string | undefined;
      if (!b.knowledge.resolve(actor) && words.length > 1) {
        actor = words.slice(0, -1).join(' ');
        topic = words[words.length - 1];
      }
      const r = b.knowledge.resolve(actor);
      ids = await p.position(r ? targetOf(r).aliases : [actor], topic, 10);
    } else if (q.kind === 'quotes') ids = await p.quotes(q.text, 10);
    else ids = await p.search(q.text, 10);
    return ids.map((id) => texts.get(id) ?? '');
  };
}

/** Starts timed to the first answer: the median is reported, with each. */
const FIRST_ANSWER_STARTS = 3;

/**
 * Milliseconds from starting the bot (`npm start`'s entry, through the launcher, no NODE_OPTIONS:
 * the heap limit is the launcher's choice) to its first answer, a /position typed in its terminal
 * chat, and to the log line saying the search index is in too (then /search answers as well).
 */
async function firstAnswer(corpusDir: string, dataDir: string): Promise<{ answer: number; searchReady: number }> {
  const t = performance.now();
  const bot = spawn(process.execPath, [join(ROOT, 'scripts', 'launch.js'), 'src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      ACTORS_FILE,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let answer = 0;
  let searchReady = 0;
  bot.stdin.write('/position UK\n');
  await new Promise<void>((resolve, reject) => {
    // A small index is loaded before the first answer: no line about it, ready with the answer.
    const done = () => answer && (searchReady || /Watching the corpus/.test(err)) && resolve();
    bot.stdout.on('data', (d) => {
      out += String(d);
      if (!answer && /Position: /.test(out)) answer = performance.now() - t;
      done();
    });
    bot.stderr.on('data', (d) => {
      err += String(d);
      if (!searchReady && /Search index loaded/.test(err)) searchReady = performance.now() - t;
      done();
    });
    bot.on('exit', (code) => reject(new Error(`first answer: the bot exited (${code}) before answering:\n${err}`)));
  });
  bot.stdin.end();
  await new Promise((r) => bot.once('exit', r));
  // A start that did not use the snapshot would be timed as a full rebuild.
  if (!/from the index snapshot/.test(err)) throw new Error(`first answer: the snapshot was not used:\n${err}`);
  return { answer, searchReady: searchReady || answer };
}

interface LoopDelay {
  /** Event-loop delay while it happened (perf_hooks.monitorEventLoopDelay, 5 ms resolution), ms. */
  p99: number;
  max: number;
  /** Wall time of the whole phase, ms. */
  ms: number;
}

/** What users feel while background work runs: the event loop's delay during `work`, with a few ms before and after. */
async function loopDelayDuring(work: () => Promise<void> | void): Promise<LoopDelay> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  h.enable();
  await sleep(20);
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  await sleep(20);
  h.disable();
  return { p99: round(h.percentile(99) / 1e6, 1), max: round(h.max / 1e6, 1), ms: Math.round(ms) };
}

/**
 * 100 new articles of about 1,000 words land in the folder at once (a morning's feeds): the loop's delay
 * until the last is answerable, then while the snapshot is saved. The articles are removed after.
 */
async function burstAndSave(live: LiveIndex, corpusDir: string): Promise<SizeResult['loopDelay']> {
  const dir = join(corpusDir, `zz-bench-burst-${Date.now().toString(36)}`);
  const ctx: CommandContext = { corpus: live.corpus, limit: 5, services: {}, commands };
  const para =
    'Ministers said the plan would be reviewed by the committee next week, officials told reporters on Monday. ';
  const last = `zyqb${Date.now().toString(36)}z99`;
  const indexing = await loopDelayDuring(async () => {
    mkdirSync(dir);
    // Written as another program would write them, off this loop: writing 1 MB in 100 synchronous
    // calls here held the loop by itself (7 ms in an idle process, up to 40 ms seen beside a 1M-sentence
    // index), and that was counted against the bot.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const token = i === 99 ? last : `zyqb${i}`;
        return writeFile(
          join(dir, `a${i}.txt`),
          `Burst ${token}\n\n${`${para.repeat(5)}\n\n`.repeat(20)}The envoy ${token} arrives.\n`,
        );
      }),
    );
    for (const t = performance.now(); performance.now() - t < 60_000;) {
      ctx.corpus = live.corpus;
      if ((await dispatch(`/search ${last}`, ctx)).status === 'ok') break;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  // The snapshot as the bot saves it: the journal is already written (within the indexing above); a worker folds it in.
  const save = await loopDelayDuring(() => live.compact());
  // What that replaced, for comparison: the whole snapshot serialised and written on the answering thread.
  const aside = join(dirname(live.snapshotPath), 'bench-main-thread.snapshot');
  const saveOnMainThread = await loopDelayDuring(() => {
    saveSnapshot(aside, live.corpus.exportState(), 'bench', 'bench');
  });
  rmSync(aside, { force: true });
  rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 1000));
  return { indexing, save, saveOnMainThread };
}

/** A new article of about 1,000 words lands in the folder: how long until /search finds it. */
async function newArticle(live: LiveIndex, corpusDir: string): Promise<number> {
  live.watch();
  await live.ready();
  const token = `zyqx${Date.now().toString(36)}`;
  const para =
    'Ministers said the plan would be reviewed by the committee next week, officials told reporters on Monday. ';
  const body = `Late news ${token}\n\n${`${para.repeat(5)}\n\n`.repeat(20)}The envoy ${token} will arrive tomorrow.\n`;
  const file = join(corpusDir, `zz-bench-${token}.txt`);
  const ctx: CommandContext = { corpus: live.corpus, limit: 5, services: {}, commands };
  const t = performance.now();
  writeFileSync(file, body);
  let ms = NaN;
  while (performance.now() - t < 15000) {
    ctx.corpus = live.corpus;
    const a = await dispatch(`/search ${token}`, ctx);
    if (a.status === 'ok') {
      ms = performance.now() - t;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  rmSync(file);
  await new Promise((r) => setTimeout(r, 600));
  return ms;
}

async function measure(label: string, corpusDir: string, args: Args, log: (m: string) => void): Promise<SizeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'briefing-bench-data-'));
  const quiet = () => undefined;
  gc();
  const base = process.memoryUsage();
  const t0 = performance.now();
  // The bot's own sources (the folder and DATA_DIR's feeds folder): the snapshot is then the one the bot reads at start.
  const bot = () =>
    new LiveIndex({ sources: sourcesFor({ corpusDir, dataDir }), dataDir, actorsFile: ACTORS_FILE, log: quiet }).open();
  let live: LiveIndex | undefined = bot();
  const openMs = performance.now() - t0;
  const buildMs = live.startup.ms;
  gc();
  const mem = process.memoryUsage();
  // Released before the start-up, loop-delay and load figures: they measure what the bot's own
  // process holds (one index), not this one's build and peers besides.
  let b: CorpusIndex | undefined = live.corpus;
  const n = b.sentenceCount;
  const documents = b.documents.length;
  log(`${label}: ${n} sentences indexed in ${round(buildMs / 1000)} s`);
  const queries = workload();
  const ours = await timeWorkload(queries, args.runs, oursAsk(b));
  log(`${label}: workload done (${queries.length} queries × ${args.runs})`);
  const afterChange = await positionAfterChange(b, queries);
  log(
    `${label}: /position after a change p50/p99 ${afterChange.p50}/${afterChange.p99} ms (unwarmed ${afterChange.unwarmed.p50}/${afterChange.unwarmed.p99})`,
  );
  const conversational = await timeConversational(b, ours.cold.position.p99);
  log(`${label}: /ask, /compare, /stances and the picture done`);
  const docs: Doc[] = b.documents.flatMap((d) =>
    d.sentences.filter((s) => s.kind !== 'furniture').map((s) => ({ id: s.id, text: s.text })),
  );
  const texts = new Map(docs.map((d) => [d.id, d.text]));
  const snapshotBytes = statSync(live.snapshotPath).size;

  const peers: SizeResult['peers'] = {};
  // Lunr and Orama take minutes and gigabytes beyond 100k sentences: compared up to --peers-up-to (nominal size).
  const engines = [
    naivePeer(),
    miniSearchPeer(),
    ...((sizeCount(label) ?? n) <= args.peersUpTo ? [lunrPeer(), oramaPeer()] : []),
  ];
  for (const p of engines) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const t = performance.now();
    await p.build(docs);
    const pb = (performance.now() - t) / 1000;
    gc();
    const heap = (process.memoryUsage().heapUsed - h0) / n;
    // A naive scan's pass over 1M sentences takes minutes: beyond 100k, peers get one pass unless told.
    const r = await timeWorkload(queries, args.peerRuns ?? (n > 150_000 ? 1 : args.runs), peerAsk(p, b, texts));
    // Peers cache nothing, so they are compared with our cold pass: the fair, unflattering ratio.
    const ratio = (k: 'p50' | 'p99') =>
      Object.fromEntries(
        (['position', 'quotes', 'search'] as const).map((kind) => [
          kind,
          round(r.latency[kind][k] / Math.max(ours.cold[kind][k], 1e-3), 1),
        ]),
      );
    peers[p.name] = {
      buildS: round(pb),
      heapBytesPerSentence: Math.round(heap),
      latency: r.latency,
      typoHitRate: r.typoHitRate,
      ratioP50: ratio('p50'),
      ratioP99: ratio('p99'),
    };
    log(`${label}: ${p.name} done`);
  }

  live = undefined;
  b = undefined;
  docs.length = 0;
  texts.clear();
  engines.length = 0;
  gc();
  // Before this process loads the snapshot itself: its 1.3 GB heap (and the collector's threads on
  // it) would compete with the bot starting, as nothing on a machine running the bot would.
  const starts: Array<{ answer: number; searchReady: number }> = [];
  for (let i = 0; i < FIRST_ANSWER_STARTS; i++) starts.push(await firstAnswer(corpusDir, dataDir));
  starts.sort((a, b) => a.answer - b.answer);
  const first = starts[Math.floor(starts.length / 2)]!;
  const heapBeforeLoad = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const again = bot();
  const loadMs = performance.now() - t1;
  gc();
  const heapLoaded = process.memoryUsage().heapUsed - heapBeforeLoad;
  if (again.startup.from !== 'snapshot') throw new Error(`the snapshot was not used: ${again.startup.reason}`);
  const fresh = await newArticle(again, corpusDir);
  const loop = await burstAndSave(again, corpusDir);
  log(
    `${label}: event-loop delay p99/max ${loop.indexing.p99}/${loop.indexing.max} ms indexing 100 articles (${loop.indexing.ms} ms), ${loop.save.p99}/${loop.save.max} ms saving the snapshot in a worker (${loop.save.ms} ms), ${loop.saveOnMainThread.p99}/${loop.saveOnMainThread.max} ms on the main thread (${loop.saveOnMainThread.ms} ms)`,
  );
  await again.stop();
  const load = await underLoad(corpusDir, dataDir);
  log(
    `${label}: under load (${load.concurrent} at once) ack p99 Slack ${load.slack.ackP99} ms, Discord ${load.discord.ackP99} ms; answer p99 Slack ${load.slack.answerP99} ms, Discord ${load.discord.answerP99} ms`,
  );
  rmSync(dataDir, { recursive: true, force: true });
  return {
    sentences: n,
    documents,
    buildS: round(buildMs / 1000),
    sentencesPerS: Math.round(n / (buildMs / 1000)),
    heapBytesPerSentence: Math.round((mem.heapUsed - base.heapUsed) / n),
    heapFromSnapshotBytesPerSentence: Math.round(heapLoaded / n),
    rssMB: Math.round(mem.rss / 1e6),
    snapshotMB: round(snapshotBytes / 1e6, 1),
    snapshotSaveS: round((openMs - buildMs) / 1000),
    snapshotLoadS: round(loadMs / 1000),
    firstAnswerS: round(first.answer / 1000),
    firstAnswerEachS: starts.map((x) => round(x.answer / 1000)),
    searchReadyS: round(first.searchReady / 1000),
    newArticleAnswerableMs: Math.round(fresh),
    loopDelay: loop,
    load,
    latency: ours.latency,
    coldLatency: ours.cold,
    positionAfterChange: afterChange,
    typoHitRate: ours.typoHitRate,
    conversational,
    peers,
  };
}

function table(results: Record<string, SizeResult>): string {
  const out: string[] = [];
  const l = (k: Latency) => `${k.p50} / ${k.p99}`;
  out.push(
    '| size | sentences | build s (sent/s) | heap B/sent built, from snapshot | RSS MB | snapshot MB, save s, load s | first answer s, median [each start] (every command) | new article ms |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  for (const [size, r] of Object.entries(results)) {
    out.push(
      `| ${size} | ${r.sentences} | ${r.buildS} (${r.sentencesPerS}) | ${r.heapBytesPerSentence}, ${r.heapFromSnapshotBytesPerSentence} | ${r.rssMB} | ${r.snapshotMB}, ${r.snapshotSaveS}, ${r.snapshotLoadS} | ${r.firstAnswerS}${r.firstAnswerEachS ? ` [${r.firstAnswerEachS.join(', ')}]` : ''} (${r.searchReadyS ?? '–'}) | ${r.newArticleAnswerableMs} |`,
    );
  }
  out.push(
    '',
    'Event-loop delay in ms, p99 / max (goal ≤ 20 / ≤ 50), while 100 new articles are indexed (until the last is answerable) and while the snapshot is saved:',
    '',
    '| size | indexing 100 articles: p99 / max (wall ms) | saving: journal folded in by a worker, p99 / max (wall ms) | for comparison: whole snapshot on the main thread |',
    '|---|---|---|---|',
    ...Object.entries(results).map(
      ([size, r]) =>
        `| ${size} | ${r.loopDelay.indexing.p99} / ${r.loopDelay.indexing.max} (${r.loopDelay.indexing.ms}) | ${r.loopDelay.save.p99} / ${r.loopDelay.save.max} (${r.loopDelay.save.ms}) | ${r.loopDelay.saveOnMainThread.p99} / ${r.loopDelay.saveOnMainThread.max} (${r.loopDelay.saveOnMainThread.ms}) |`,
    ),
    '',
    'Under load: 50 slash commands at once through the fake Slack (signed HTTP) and 50 through the fake Discord gateway, to the bot process; ms, p50 / p99 (goal: ack p99 ≤ 50, answer p99 ≤ 250 at 100k):',
    '',
    '| size | Slack ack | Slack answer | Discord ack | Discord answer |',
    '|---|---|---|---|---|',
    ...Object.entries(results).map(
      ([size, r]) =>
        `| ${size} | ${r.load.slack.ackP50} / ${r.load.slack.ackP99} | ${r.load.slack.answerP50} / ${r.load.slack.answerP99} | ${r.load.discord.ackP50} / ${r.load.discord.ackP99} | ${r.load.discord.answerP50} / ${r.load.discord.answerP99} |`,
    ),
    '',
    'Latency in ms, p50 / p99: warm (answers cached per corpus version, as in use) and cold (first pass, nothing cached):',
    '',
  );
  out.push(
    '| size | /position warm | /position cold | /position after a change (warmer ran; unwarmed) | /quotes warm | /quotes cold | /search warm | /search cold | typo hits |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|');
  const afterChange = (a: AfterChange) =>
    a.unwarmed ? `${l(a)} (${a.warming.answers} warmed in ${a.warming.ms} ms); ${l(a.unwarmed)}` : l(a); // a run from before the warmer was measured
  for (const [size, r] of Object.entries(results)) {
    out.push(
      `| ${size} | ${l(r.latency.position)} | ${l(r.coldLatency.position)} | ${afterChange(r.positionAfterChange)} | ${l(r.latency.quotes)} | ${l(r.coldLatency.quotes)} | ${l(r.latency.search)} | ${l(r.coldLatency.search)} | ${Math.round(r.typoHitRate * 100)}% |`,
    );
  }
  out.push(
    '',
    '/ask, /compare and /stances (ms, p50 / p99; cold = caches cleared first; ratio = cold p99 ÷ /position cold p99, goal ≤ 2) and the /stances picture (goal ≤ 300 ms):',
    '',
    '| size | /ask cold (ratio) | /compare cold (ratio) | /stances cold (ratio) | /ask, /compare, /stances warm p99 | picture first, p50 / p99 ms (px) |',
    '|---|---|---|---|---|---|',
  );
  for (const [size, r] of Object.entries(results)) {
    const c = r.conversational;
    out.push(
      `| ${size} | ${l(c.cold.ask)} (×${c.ratioToPosition.ask}) | ${l(c.cold.compare)} (×${c.ratioToPosition.compare}) | ${l(c.cold.stances)} (×${c.ratioToPosition.stances}) | ${c.warm.ask.p99}, ${c.warm.compare.p99}, ${c.warm.stances.p99} | ${c.picture.firstMs}, ${c.picture.p50} / ${c.picture.p99} (${c.picture.width}×${c.picture.height}) |`,
    );
  }
  out.push(
    '',
    'Peers on the same sentences and workload, no caching (ratio = peer ÷ our cold pass; above 1 means ours is faster):',
    '',
  );
  out.push(
    '| size | engine | build s | heap B/sent | /position p50/p99 (ratio) | /quotes p50/p99 (ratio) | /search p50/p99 (ratio) | typo hits |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  for (const [size, r] of Object.entries(results)) {
    for (const [name, p] of Object.entries(r.peers)) {
      const cell = (k: 'position' | 'quotes' | 'search') =>
        `${p.latency[k].p50} / ${p.latency[k].p99} (×${p.ratioP50[k]} / ×${p.ratioP99[k]})`;
      out.push(
        `| ${size} | ${name} | ${p.buildS} | ${p.heapBytesPerSentence} | ${cell('position')} | ${cell('quotes')} | ${cell('search')} | ${Math.round(p.typoHitRate * 100)}% |`,
      );
    }
  }
  return out.join('\n');
}

/**
 * A team's large actors file (each entry an organisation with aliases and a person): read,
 * validated and turned into the alias index, as at start and on every edit. It took 110 s at
 * 20,000 entries while each alias insertion re-sorted its list.
 */
function actorsFileLoad(entries: number): { entries: number; ms: number } {
  const actors = Array.from({ length: entries }, (_, i) => ({
    name: `Org Number ${i} Alpha`,
    aliases: [`ONA${i}x`, `The Org ${i}`],
    people: [`Person Alpha${i} Beta${i}`],
  }));
  const path = join(mkdtempSync(join(tmpdir(), 'briefing-bench-actors-')), 'actors.json');
  writeFileSync(path, JSON.stringify({ actors }));
  const t0 = performance.now();
  const file = loadActorsFile(path);
  if (file.error) throw new Error(file.error);
  Knowledge.build([], file.file);
  const ms = Math.round(performance.now() - t0);
  rmSync(dirname(path), { recursive: true, force: true });
  return { entries, ms };
}

async function main() {
  const argv = process.argv.slice(2);
  if (!(globalThis as { gc?: unknown }).gc) {
    // Memory per sentence needs a garbage collection before each reading, and 1M sentences need room.
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=16384', __filename, ...argv], {
      stdio: 'inherit',
    });
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }
  const args = parseArgs(argv);
  if (args.render) {
    // The tables of a run saved with --json: the README's tables come from one run, rendered later.
    const saved = JSON.parse(readFileSync(args.render, 'utf8')) as { sizes: Record<string, SizeResult> };
    process.stdout.write(`${table(saved.sizes)}\n`);
    return;
  }
  const log = (m: string) => console.error(`[bench] ${m}`);
  const haveShared = existsSync(SHARED);
  if (!haveShared)
    log(`${SHARED} is absent: only the seeds are measured (the corpora live in ../shared/corpora beside the project).`);
  const results: Record<string, SizeResult> = {};
  const scaling: Record<string, ThroughputFigures> = {};
  let bbcPerFile: Map<string, number> | undefined;
  for (const size of args.sizes) {
    let dir: string | undefined;
    // The benchmark drops a new article into the folder it measures: named corpora are measured in a
    // scratch copy, so seeds/ and ../shared (read-only) are never written to.
    if (size === 'seeds') dir = scratchCopy(join(ROOT, 'seeds'));
    else if (!haveShared) continue;
    else if (size === 'guardian') dir = scratchCopy(join(SHARED, 'guardian-nyt-ukraine-2022'));
    else if (size === 'bbc') dir = scratchCopy(join(SHARED, 'bbc-news-2225'));
    else {
      const target = sizeCount(size);
      if (!target) throw new Error(`unknown size ${size}`);
      bbcPerFile ??= new Map(
        new LiveIndex({
          corpusDir: join(SHARED, 'bbc-news-2225'),
          dataDir: mkdtempSync(join(tmpdir(), 'b-')),
          snapshots: false,
          log: () => undefined,
        })
          .open()
          .corpus.documents.map((d) => [d.file, d.sentences.length]),
      );
      dir = replicatedBbc(target, bbcPerFile);
    }
    if (args.scaling) {
      const r = await answersPerSecond(dir, mkdtempSync(join(tmpdir(), 'briefing-bench-data-')));
      scaling[size] = r;
      log(
        `${size}: ${r.questions} questions 50 at a time: ${r.answersPerS.join(', ')} answers/s by pass; ${r.rssMB} MB resident`,
      );
    } else results[size] = await measure(size, dir, args, log);
    if (dir.includes('briefing-bench-corpus-')) rmSync(dir, { recursive: true, force: true });
    gc();
  }
  if (args.scaling) {
    const briefings = await briefingsPerMinute(500);
    log(`briefings for ${briefings.channels} channels: ${JSON.stringify(briefings.perMinute)} per minute`);
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      replica: scaling,
      briefings,
    };
    process.stdout.write(`${JSON.stringify(out, null, args.json ? 0 : 2)}\n`);
    return;
  }
  const feeds = await feedIngest(100);
  log(
    `feed ingest: ${feeds.items} items, ${feeds.fetchedPerS} fetched and read per second, ${feeds.indexedPerS} indexed per second; a new item answerable ${feeds.newItemAnswerableMs} ms after its poll`,
  );
  const actorsFile = actorsFileLoad(20_000);
  log(`actors file of ${actorsFile.entries} entries: validated and indexed in ${actorsFile.ms} ms`);
  const meta = {
    feeds,
    actorsFile,
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    runs: args.runs,
  };
  if (args.json) process.stdout.write(`${JSON.stringify({ ...meta, sizes: results })}\n`);
  else
    process.stdout.write(
      `Benchmark ${meta.date} — Node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ${meta.memoryGB} GB; medians of ${args.runs} runs\n\n${table(results)}\n\nActors file of ${actorsFile.entries} entries: validated and indexed in ${actorsFile.ms} ms.\nFeed ingest (local server, ${feeds.items} items with article pages): ${feeds.fetchedPerS} items/s fetched and read, ${feeds.indexedPerS} items/s with indexing; a new item answerable ${feeds.newItemAnswerableMs} ms after its poll.\n`,
    );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
