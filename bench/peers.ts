import MiniSearch from 'minisearch';
import lunr from 'lunr';

export interface Doc {
  id: number;
  text: string;
}

/** A search engine run on the same sentences and the same workload as the bot, for comparison. */
export interface Peer {
  name: string;
  build(docs: Doc[]): Promise<void>;
  position(aliases: string[], topic: string | undefined, limit: number): Promise<number[]>;
  quotes(speaker: string, limit: number): Promise<number[]>;
  search(query: string, limit: number): Promise<number[]>;
}

const QUOTE = /[“"]/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads every sentence for every query: the floor any index must beat. */
export function naivePeer(): Peer {
  let docs: Doc[] = [];
  return {
    name: 'naive scan',
    async build(d) {
      docs = d;
    },
    async position(aliases, topic, limit) {
      const re = new RegExp(`\\b(${aliases.map(escape).join('|')})\\b`);
      const t = topic?.toLowerCase();
      return docs
        .filter((d) => re.test(d.text) && (!t || d.text.toLowerCase().includes(t)))
        .slice(0, limit)
        .map((d) => d.id);
    },
    async quotes(speaker, limit) {
      return docs
        .filter((d) => d.text.includes(speaker) && QUOTE.test(d.text))
        .slice(0, limit)
        .map((d) => d.id);
    },
    async search(query, limit) {
      const terms = query.toLowerCase().split(/\s+/);
      return docs
        .filter((d) => {
          const t = d.text.toLowerCase();
          return terms.every((x) => t.includes(x));
        })
        .slice(0, limit)
        .map((d) => d.id);
    },
  };
}

/** MiniSearch with its default options; typo search as its docs suggest (prefix + fuzzy 0.2). */
export function miniSearchPeer(): Peer {
  let ms: MiniSearch<Doc>;
  return {
    name: 'MiniSearch default',
    async build(d) {
      ms = new MiniSearch<Doc>({ fields: ['text'] });
      ms.addAll(d);
    },
    async position(aliases, topic, limit) {
      const q = topic
        ? { combineWith: 'AND', queries: [{ combineWith: 'OR', queries: aliases }, topic] }
        : aliases.join(' ');
      return ms
        .search(q as Parameters<typeof ms.search>[0])
        .slice(0, limit)
        .map((r) => r.id as number);
    },
    async quotes(speaker, limit) {
      return ms
        .search(speaker)
        .slice(0, limit * 5)
        .map((r) => r.id as number)
        .slice(0, limit);
    },
    async search(query, limit) {
      return ms
        .search(query, { prefix: true, fuzzy: 0.2 })
        .slice(0, limit)
        .map((r) => r.id as number);
    },
  };
}

/** Lunr (cannot add to a built index: shown for speed only). */
export function lunrPeer(): Peer {
  let idx: lunr.Index;
  const terms = (q: string) =>
    q
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const run = (words: string[], fuzzy: boolean, limit: number) =>
    idx
      .query((qb) => {
        for (const w of words)
          qb.term(w, { editDistance: fuzzy && w.length >= 5 ? 1 : 0, presence: lunr.Query.presence.OPTIONAL });
      })
      .slice(0, limit)
      .map((r) => Number(r.ref));
  return {
    name: 'Lunr',
    async build(d) {
      idx = lunr(function () {
        this.ref('id');
        this.field('text');
        for (const doc of d) this.add(doc);
      });
    },
    async position(aliases, topic, limit) {
      return run([...aliases.flatMap(terms), ...(topic ? terms(topic) : [])], false, limit);
    },
    async quotes(speaker, limit) {
      return run(terms(speaker), false, limit);
    },
    async search(query, limit) {
      return run(terms(query), true, limit);
    },
  };
}

/** Orama (full-text mode, typo tolerance 1). */
export function oramaPeer(): Peer {
  // Orama ships ES modules with a CommonJS build; loaded lazily so the benchmark runs without it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let orama: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any;
  const ids = async (r: Promise<{ hits: Array<{ id: string }> }> | { hits: Array<{ id: string }> }) =>
    (await r).hits.map((h) => Number(h.id));
  return {
    name: 'Orama',
    async build(d) {
      orama = await import('@orama/orama');
      db = orama.create({ schema: { text: 'string' } });
      await orama.insertMultiple(
        db,
        d.map((x) => ({ id: String(x.id), text: x.text })),
        1000,
      );
    },
    async position(aliases, topic, limit) {
      return ids(orama.search(db, { term: [...aliases, topic ?? ''].join(' '), limit }));
    },
    async quotes(speaker, limit) {
      return ids(orama.search(db, { term: speaker, limit }));
    },
    async search(query, limit) {
      return ids(orama.search(db, { term: query, tolerance: 1, limit }));
    },
  };
}
