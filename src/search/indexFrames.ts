import { deserialize, serialize } from 'node:v8';
import type { Sentence } from '../corpus/types';

/** The index's own Maps, as a snapshot keeps them (structured-clonable). */
export interface IndexState {
  tree: Map<string, unknown>;
  documentCount: number;
  nextId: number;
  documentIds: Map<number, unknown>;
  fieldIds: Record<string, number>;
  fieldLength: Map<number, number[]>;
  avgFieldLength: number[];
  dirtCount: number;
}

/** A snapshot's search index to load: its frames, and what changed since they were written (the journal). */
export interface SearchLoad {
  /** Filled in later by a start that answered before reading them (see persist/snapshot readRest). */
  frames: readonly Uint8Array[];
  /** Sentences the journal removed or replaced. */
  discard: number[];
  /** Sentences the journal added. */
  add: Sentence[];
}

/**
 * The search index as snapshot frames, so a start can answer before it is loaded and then load it a
 * few milliseconds at a time: one v8.deserialize of the whole index held the loop 0.25 s at 100k
 * sentences and 3.4 s at 1M. Frame 0 holds the scalars; frame 1 the sentence ids and lengths as typed
 * arrays (a Map of a million entries cloned as objects was a third of that); the rest hold the term
 * tree in pieces of about `postingsPerFrame` postings each.
 */

/** MiniSearch's radix tree: edge label → subtree, and '' → the postings of the term ending here. */
type Tree = Map<string, unknown>;
const LEAF = '';

/** About 10 ms of decoding per frame on this machine (a posting is ~6 bytes cloned). */
export const POSTINGS_PER_FRAME = 40_000;
/** Ids and lengths restored into Maps this many at a time. */
const IDS_PER_STEP = 10_000;

interface Scalars {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  avgFieldLength: number[];
  dirtCount: number;
}

interface Ids {
  shorts: Int32Array;
  ids: Float64Array;
  /** Each document's field lengths, `fields` per document. */
  lengths: Int32Array;
  fields: number;
}

/** A piece of the tree: a subtree and the edge labels leading to it from the root. */
type Piece = [path: string[], value: unknown];

function postingsIn(value: unknown): number {
  let n = 0;
  for (const docs of (value as Map<number, Map<number, number>>).values()) n += docs.size;
  return n;
}

/** Postings under each subtree, counted once (splitting asks again for every level). */
function weigh(tree: Tree, weights: Map<Tree, number>): number {
  let n = 0;
  for (const [key, value] of tree) n += key === LEAF ? postingsIn(value) : weigh(value as Tree, weights);
  weights.set(tree, n);
  return n;
}

export function indexFrames(state: IndexState, postingsPerFrame = POSTINGS_PER_FRAME): Buffer[] {
  const scalars: Scalars = {
    documentCount: state.documentCount,
    nextId: state.nextId,
    fieldIds: state.fieldIds,
    avgFieldLength: state.avgFieldLength,
    dirtCount: state.dirtCount,
  };
  const fields = Object.keys(state.fieldIds).length;
  const n = state.documentIds.size;
  const ids: Ids = {
    shorts: new Int32Array(n),
    ids: new Float64Array(n),
    lengths: new Int32Array(n * fields),
    fields,
  };
  let i = 0;
  for (const [short, id] of state.documentIds) {
    ids.shorts[i] = short;
    ids.ids[i] = id as number;
    const len = state.fieldLength.get(short) ?? [];
    for (let f = 0; f < fields; f++) ids.lengths[i * fields + f] = len[f] ?? 0;
    i++;
  }
  const frames = [serialize(scalars), serialize(ids)];
  const weights = new Map<Tree, number>();
  weigh(state.tree, weights);
  let group: Piece[] = [];
  let size = 0;
  const emit = () => {
    if (group.length) frames.push(serialize(group));
    group = [];
    size = 0;
  };
  const split = (tree: Tree, path: string[]) => {
    for (const [key, value] of tree) {
      const w = key === LEAF ? postingsIn(value) : weights.get(value as Tree)!;
      // A subtree too big for one frame is cut at its children; a single term never is.
      if (key !== LEAF && w > postingsPerFrame) {
        split(value as Tree, [...path, key]);
        continue;
      }
      if (size + w > postingsPerFrame) emit();
      group.push([[...path, key], value]);
      size += w;
    }
  };
  split(state.tree, []);
  emit();
  return frames;
}

/**
 * Rebuilds the state from its frames, one frame (or one batch of ids) per step; `progress` is called
 * with the share done. Returns the state and the id → short id Map MiniSearch also needs.
 */
export function* stateFromFrames(
  frames: readonly Uint8Array[],
  progress: (share: number) => void = () => {},
): Generator<void, { state: IndexState; idToShort: Map<unknown, number> }> {
  if (frames.length < 2) throw new Error('index frames missing');
  const scalars = deserialize(frames[0]!) as Scalars;
  const ids = deserialize(frames[1]!) as Ids;
  const n = ids.shorts.length;
  const steps = Math.ceil(n / IDS_PER_STEP) + frames.length - 2;
  let done = 0;
  const documentIds = new Map<number, unknown>();
  const idToShort = new Map<unknown, number>();
  const fieldLength = new Map<number, number[]>();
  for (let from = 0; from < n; from += IDS_PER_STEP) {
    const to = Math.min(n, from + IDS_PER_STEP);
    for (let i = from; i < to; i++) {
      const short = ids.shorts[i]!;
      documentIds.set(short, ids.ids[i]);
      idToShort.set(ids.ids[i], short);
      fieldLength.set(short, Array.from(ids.lengths.subarray(i * ids.fields, (i + 1) * ids.fields)));
    }
    progress(++done / steps);
    yield;
  }
  const tree: Tree = new Map();
  for (const frame of frames.slice(2)) {
    for (const [path, value] of deserialize(frame) as Piece[]) {
      let node = tree;
      for (const edge of path.slice(0, -1)) {
        let next = node.get(edge) as Tree | undefined;
        if (!next) node.set(edge, (next = new Map()));
        node = next;
      }
      node.set(path[path.length - 1]!, value);
    }
    progress(++done / steps);
    yield;
  }
  return { state: { ...scalars, tree, documentIds, fieldLength }, idToShort };
}
