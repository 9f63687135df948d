import { isPersonKey } from '../actors/keys';
import type { CorpusIndex } from '../corpusIndex';
import type { CorpusDocument } from '../corpus/types';
import { positionScore } from '../stance/positionScore';
import { lineFor } from './lines';
import { changeItem, stanceChanges } from './changes';
import type { Answer, AnswerLine, ListItem, Section } from './model';

/** Actors whose stance changes a briefing looks for: the most discussed, as for the latest positions. */
const CHANGE_ACTORS = 8;

/** Newest first: by the date a document carries, then by name. */
export function newestFirst(docs: CorpusDocument[]): CorpusDocument[] {
  return [...docs].sort(
    (x, y) => (y.date ?? '').localeCompare(x.date ?? '') || y.mtimeMs - x.mtimeMs || x.file.localeCompare(y.file),
  );
}

/** The two or three lines that carry a document: stated positions, attributed quotes, the lead. */
export function keyLines(b: CorpusIndex, doc: CorpusDocument, count = 3): AnswerLine[] {
  const scored: Array<{ id: number; score: number }> = [];
  let lead = true;
  for (const s of doc.sentences) {
    if (s.kind !== 'body' && s.kind !== 'bullet') continue;
    const { tokens, mentions } = b.knowledge.analyse(s.text);
    const quoted = (b.quotesBySentence.get(s.id) ?? [])
      .filter((q) => q.speaker)
      .reduce((n, q) => Math.max(n, q.text.split(/\s+/).length), 0);
    let score = mentions.length ? positionScore(s.text, tokens, mentions, mentions, s.kind, quoted).score : 0;
    if (lead) score += 1.5;
    lead = false;
    const words = tokens.length;
    if (words > 60) score -= 1;
    if (words < 6) score -= 1;
    scored.push({ id: s.id, score });
  }
  return scored
    .sort((x, y) => y.score - x.score || x.id - y.id)
    .slice(0, count)
    .sort((x, y) => x.id - y.id)
    .map((x) => lineFor(b, x.id, x.score));
}

/** The actors the corpus talks about most, most first (countries and organisations, not people). */
function mostMentioned(b: CorpusIndex, count: number): Array<[string, Map<number, number>]> {
  return [...b.mentionIndex.entries()]
    .filter(([key]) => !isPersonKey(key) && b.knowledge.actors.has(key))
    .sort((x, y) => y[1].size - x[1].size)
    .slice(0, count);
}

/** Stance changes the briefed documents bring for the most-discussed actors, newest first. */
export function whatChanged(b: CorpusIndex, docs: CorpusDocument[], count = CHANGE_ACTORS): ListItem[] {
  const newIn = new Set(docs.map((d) => d.file));
  return mostMentioned(b, count).flatMap(([key]) => {
    const actor = b.knowledge.actors.get(key)!;
    return stanceChanges(b, key, { newIn, max: 1 }).map((c) => changeItem(b, actor.short ?? actor.name, c));
  });
}

/** The actors the corpus talks about most, with their latest plainly stated position. */
export function latestPositions(b: CorpusIndex, among: Set<string> | undefined, count = 5): AnswerLine[] {
  const actors = mostMentioned(b, count);
  const order = new Map(newestFirst(b.documents).map((d, i) => [d.file, i]));
  const out: AnswerLine[] = [];
  for (const [key, mentions] of actors) {
    const actor = b.knowledge.actors.get(key)!;
    // One pass for the single line wanted: the newest document first, then the plainest statement, then the earliest line.
    let best: { id: number; score: number; rank: number } | undefined;
    for (const [id, score] of mentions) {
      if (score < 2.5) continue;
      const doc = b.sentence(id).doc;
      if (among && !among.has(doc)) continue;
      const rank = order.get(doc) ?? 0;
      if (
        !best ||
        rank < best.rank ||
        (rank === best.rank && (score > best.score || (score === best.score && id < best.id)))
      )
        best = { id, score, rank };
    }
    if (best) out.push(lineFor(b, best.id, best.score, { speaker: actor.short ?? actor.name }));
  }
  return out;
}

export interface DigestOptions {
  title?: string;
  maxDocuments?: number;
  /** At most this many quoted lines in the whole answer (`--limit`); documents that would pass it are counted as not shown. */
  limit?: number;
  /** New documents left for the next briefing (it was full): said in the answer, not lost. */
  carriedOver?: number;
}

/** A briefing over the given documents (all of them for the preview). */
export function digestAnswer(b: CorpusIndex, docs: CorpusDocument[] = b.documents, opts: DigestOptions = {}): Answer {
  const ordered = newestFirst(docs);
  const max = opts.maxDocuments ?? 10;
  const lineCap = opts.limit ?? Infinity;
  const sections: Section[] = [];
  let lines = 0;
  for (const d of ordered.slice(0, max)) {
    const keys = keyLines(b, d).slice(0, Math.max(0, lineCap - lines));
    if (!keys.length) break;
    lines += keys.length;
    sections.push({
      heading: d.title,
      url: d.url,
      note: [d.source, d.date, d.file].filter(Boolean).join(' · '),
      lines: keys,
      sameDocument: true,
    });
  }
  // A change of stance the new documents bring, against what the actor said before them.
  const changes = whatChanged(b, docs);
  if (changes.length) sections.push({ heading: 'What changed', items: changes });
  // Positions come from the documents being briefed: a briefing never repeats older news.
  const positions = latestPositions(b, new Set(docs.map((d) => d.file))).slice(0, Math.max(0, lineCap - lines));
  if (positions.length) sections.push({ heading: 'Latest positions', lines: positions });
  const more = ordered.length - sections.filter((x) => x.sameDocument).length;
  const notes = [
    more > 0 ? `${more} more document${more === 1 ? '' : 's'} not shown` : '',
    opts.carriedOver
      ? `${opts.carriedOver} more new document${opts.carriedOver === 1 ? '' : 's'} will come in the next briefing`
      : '',
  ].filter(Boolean);
  return {
    command: 'digest',
    query: '',
    status: ordered.length ? 'ok' : 'empty',
    title: opts.title ?? `Briefing preview: ${ordered.length} document${ordered.length === 1 ? '' : 's'}`,
    summary: notes.length ? notes.join('; ') : undefined,
    message: ordered.length ? undefined : 'Nothing new to brief on.',
    sections,
    total: ordered.length,
  };
}
