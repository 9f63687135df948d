import { parseKey } from '../actors/keys';
import type { CorpusIndex } from '../corpusIndex';

/** One suggestion as a chat platform offers it: what is shown, and what is typed in when picked. */
export interface Completion {
  label: string;
  value: string;
}

interface Entry {
  label: string;
  value: string;
  /** Forms a person might start typing: name, short form, every alias (with their lower-case copies for matching). */
  forms: Array<{ text: string; lower: string }>;
  weight: number;
}

/** At most this many suggestions (Discord's limit, and more than anyone reads). */
export const MAX_COMPLETIONS = 25;

/** The actors and speakers the corpus names, most mentioned first, built once per corpus version. */
function entries(b: CorpusIndex, kind: 'actor' | 'speaker'): Entry[] {
  return b.cache.remember(`autocomplete:${kind}`, () => {
    const byLabel = new Map<string, Entry>();
    const add = (label: string, value: string, forms: string[], weight: number) => {
      const e = byLabel.get(label);
      if (e) e.weight += weight;
      else
        byLabel.set(label, {
          label,
          value,
          forms: [...new Set(forms)].map((text) => ({ text, lower: text.toLowerCase() })),
          weight,
        });
    };
    if (kind === 'actor') {
      for (const [key, ids] of b.mentionIndex) {
        const k = parseKey(key);
        if (k.kind === 'person') {
          const p = b.knowledge.people.get(k.id);
          if (p) add(p.name, p.name, [p.name, ...p.aliases], ids.size);
        } else if (k.kind === 'actor') {
          const a = b.knowledge.actors.get(k.id);
          if (a) add(a.name, a.short ?? a.name, [a.name, a.short ?? '', ...a.aliases].filter(Boolean), ids.size);
        }
      }
    } else {
      for (const q of b.quotes) if (q.speaker) add(q.speaker.name, q.speaker.name, [q.speaker.name], 1);
    }
    return [...byLabel.values()].sort((x, y) => y.weight - x.weight || x.label.localeCompare(y.label));
  });
}

/**
 * Suggestions for what has been typed so far: names that start with it first, then names with an
 * alias or a word that starts with it ("Brit" → United Kingdom, "Kreml" → Russia), then names that
 * contain it. The label says which alias matched when the name itself does not show it.
 */
export function completions(b: CorpusIndex, kind: 'actor' | 'speaker', typed: string): Completion[] {
  const q = typed.trim().toLowerCase();
  const all = entries(b, kind);
  const cut = (s: string) => s.slice(0, 100);
  if (!q) return all.slice(0, MAX_COMPLETIONS).map((e) => ({ label: cut(e.label), value: cut(e.value) }));
  const tiers: Completion[][] = [[], [], []];
  for (const e of all) {
    const name = e.label.toLowerCase();
    if (name.startsWith(q)) tiers[0]!.push({ label: cut(e.label), value: cut(e.value) });
    else {
      const alias = bestAlias(e, q);
      if (alias)
        tiers[1]!.push({
          label: cut(name.includes(alias.lower) ? e.label : `${e.label} (${alias.text})`),
          value: cut(e.value),
        });
      else if (name.includes(q)) tiers[2]!.push({ label: cut(e.label), value: cut(e.value) });
    }
  }
  return tiers.flat().slice(0, MAX_COMPLETIONS);
}

/** The alias that best explains a match: the shortest that starts with the text, else the shortest with a word that does. */
function bestAlias(e: Entry, q: string): Entry['forms'][number] | undefined {
  const shortest = (xs: Entry['forms']) =>
    xs.reduce<Entry['forms'][number] | undefined>((m, f) => (!m || f.text.length < m.text.length ? f : m), undefined);
  return (
    shortest(e.forms.filter((f) => f.lower.startsWith(q))) ??
    shortest(e.forms.filter((f) => f.lower.split(/[\s-]+/).some((w) => w.startsWith(q))))
  );
}
