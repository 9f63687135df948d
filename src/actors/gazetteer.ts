import { readFileSync, statSync } from 'node:fs';
import countries from 'world-countries';
import { z } from 'zod/v3';
import builtin from './builtinActors.json';
import type { Actor, ActorsFile, Person } from './types';
import { memoString } from '../util/memo';

/** Two-letter codes that are words in running text ("IN", "IS", "IT"): only these are safe aliases. */
const SAFE_SHORT_CODES = new Set(['UK', 'US', 'EU', 'UN', 'UAE', 'USA', 'DRC']);

export interface Gazetteer {
  actors: Map<string, Actor>;
  people: Map<string, Person>;
  /** Lower-case, dot-free name, short form, id or alias → actor (first claim wins). */
  byPhrase?: Map<string, Actor>;
}

/** Case, dots and diacritics do not matter when a phrase is looked up: "Erdogan" finds "Erdoğan", "turkiye" "Türkiye". */
const phraseKey = (s: string) => s.trim().normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\./g, '');

function indexPhrases(g: Gazetteer, a: Actor) {
  g.byPhrase ??= new Map();
  for (const p of [a.name, a.id, a.short, ...a.aliases])
    if (p && !g.byPhrase.has(phraseKey(p))) g.byPhrase.set(phraseKey(p), a);
}

export function reindexPhrases(g: Gazetteer) {
  g.byPhrase = new Map();
  // Names and ids first, so "Georgia" the country is not shadowed by someone's alias.
  for (const a of g.actors.values())
    for (const p of [a.name, a.id]) if (!g.byPhrase.has(phraseKey(p))) g.byPhrase.set(phraseKey(p), a);
  for (const a of g.actors.values()) indexPhrases(g, a);
}

export const slug: (s: string) => string = memoString((s) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, ''),
);

function isUsableAlias(a: string): boolean {
  if (!/^[\p{Script=Latin}\d .’'\-&()]+$/u.test(a)) return false;
  const bare = a.replace(/\./g, '');
  return bare.length >= 3 || SAFE_SHORT_CODES.has(bare);
}

function demonymForms(d: string): string[] {
  // "Russian" → "Russians"; "British"/"French" have no plural of their own.
  return /(an|i)$/.test(d) ? [d, `${d}s`] : [d];
}

function addUnique(list: string[], ...items: string[]) {
  for (const it of items) if (it && !list.includes(it)) list.push(it);
}

function surnameOf(name: string): string {
  const parts = name.split(/\s+/);
  return parts[parts.length - 1]!;
}

/** Surnames that are also everyday capitalised words: matched only as part of the full name. */
const WORDLIKE_SURNAMES = new Set(
  'may march august will mark grant rich young long sharp little hope faith chance frank bill price rice brown white green black king bush cook hunt gross best'.split(
    ' ',
  ),
);

/**
 * The surname of a full name when it is also an everyday word ("Gordon Brown" → "Brown"): not an
 * alias in running text (the colour), but what a user types to ask about the person.
 */
export function wordlikeSurname(name: string): string | undefined {
  const surname = surnameOf(name);
  return name.includes(' ') && WORDLIKE_SURNAMES.has(surname.toLowerCase()) ? surname : undefined;
}

export function personAliases(name: string, extra: string[] = []): string[] {
  const out: string[] = [];
  addUnique(out, name);
  const surname = surnameOf(name);
  if (name.includes(' ') && !WORDLIKE_SURNAMES.has(surname.toLowerCase())) addUnique(out, surname);
  // "Ursula von der Leyen" is "von der Leyen" in running text, not "Leyen".
  const particle = /\s((?:von der|van der|von|van|de|da|di|del|bin|al)\s\S+)$/i.exec(name);
  if (particle) addUnique(out, particle[1]!);
  for (const e of extra) addUnique(out, e);
  return out;
}

/** Merges an actors file into the gazetteer: new actors, extra aliases, people. */
export function mergeActorsFile(g: Gazetteer, file: ActorsFile, origin: Person['origin']) {
  for (const entry of file.actors ?? []) {
    if (!entry?.name) continue;
    const existing = [entry.name, entry.short, ...(entry.aliases ?? [])].reduce<Actor | undefined>(
      (found, phrase) => found ?? (phrase ? findActorByPhrase(g, phrase) : undefined),
      undefined,
    );
    const actor: Actor = existing ?? {
      id: slug(entry.name),
      name: entry.name,
      kind: entry.kind ?? 'group',
      aliases: [entry.name],
    };
    if (!existing) g.actors.set(actor.id, actor);
    if (entry.short) {
      actor.short ??= entry.short;
      addUnique(actor.aliases, entry.short);
    }
    addUnique(actor.aliases, ...(entry.aliases ?? []));
    indexPhrases(g, actor);
    for (const p of entry.people ?? []) {
      const name = typeof p === 'string' ? p : p.name;
      const extra = typeof p === 'string' ? [] : (p.aliases ?? []);
      const id = slug(name);
      const known = g.people.get(id);
      if (known) {
        addUnique(known.aliases, ...personAliases(name, extra));
        known.actorId = actor.id;
      } else g.people.set(id, { id, name, aliases: personAliases(name, extra), actorId: actor.id, origin });
    }
  }
}

export function findActorByPhrase(g: Gazetteer, phrase: string): Actor | undefined {
  const key = phraseKey(phrase);
  if (!key) return undefined;
  if (!g.byPhrase) reindexPhrases(g);
  return g.byPhrase!.get(key) ?? g.byPhrase!.get(slug(phrase));
}

/**
 * An alias belongs to one actor: "American" is the United States, not the Northern Mariana Islands;
 * "French" is France, not the French Southern Lands. The team's file wins, then the built-in list,
 * then sovereign states, then territories.
 */
function dedupeAliases(g: Gazetteer, builtinIds: Set<string>, userIds: Set<string>) {
  const rank = (a: Actor) => (userIds.has(a.id) ? 0 : builtinIds.has(a.id) ? 1 : independent.has(a.id) ? 2 : 3);
  const owner = new Map<string, Actor>();
  for (const a of [...g.actors.values()].sort((x, y) => rank(x) - rank(y))) {
    a.aliases = a.aliases.filter((alias) => {
      const key = alias.toLowerCase().replace(/\./g, '');
      if (owner.has(key) && owner.get(key) !== a) return false;
      owner.set(key, a);
      return true;
    });
  }
}

const independent = new Set(countries.filter((c) => c.independent).map((c) => slug(c.name.common)));

/** Countries with their short forms, demonyms and capitals, from the world-countries package. */
function countryActors(notCapitals: Set<string>): Actor[] {
  const out: Actor[] = [];
  for (const c of countries) {
    const name = c.name.common;
    const aliases: string[] = [name];
    if (isUsableAlias(c.name.official)) addUnique(aliases, c.name.official);
    for (const alt of c.altSpellings ?? [])
      if ((isUsableAlias(alt) && !/^[A-Z]{2}$/.test(alt)) || SAFE_SHORT_CODES.has(alt)) addUnique(aliases, alt);
    const dem = c.demonyms?.eng?.m;
    if (dem && isUsableAlias(dem)) addUnique(aliases, ...demonymForms(dem));
    const demF = c.demonyms?.eng?.f;
    if (demF && demF !== dem && isUsableAlias(demF)) addUnique(aliases, ...demonymForms(demF));
    for (const cap of c.capital ?? []) {
      const plain = cap.replace(/\s+D\.C\.$/, '');
      if (isUsableAlias(plain) && !notCapitals.has(plain)) addUnique(aliases, plain);
    }
    const short = (c.altSpellings ?? []).find((a) => SAFE_SHORT_CODES.has(a) && a.length <= 3);
    out.push({ id: slug(name), name, short, kind: 'country', aliases });
  }
  return out;
}

/** Longer than any real name or alias: a longer string is a mistake, not an actor. */
const NAME = z.string().trim().min(1).max(200);
const KINDS = ['country', 'organisation', 'group', 'person'] as const;

/** The actors file, validated before a single entry is used: it is edited by hand and reloaded while running. */
export const ActorsFileSchema = z.object({
  actors: z.array(
    z.object({
      name: NAME,
      short: NAME.optional(),
      kind: z.enum(KINDS).optional(),
      aliases: z.array(NAME).max(1000).optional(),
      people: z
        .array(
          z.union([NAME, z.object({ name: NAME, aliases: z.array(NAME).max(1000).optional() })], {
            errorMap: () => ({ message: 'expected a name, or {"name": …, "aliases": [...]}' }),
          }),
        )
        .max(100_000)
        .optional(),
    }),
    { required_error: 'expected array, received nothing' },
  ),
  notCapitals: z.record(z.string(), z.string()).optional(),
});

/** Bigger than any team's list of actors (a 20,000-entry file is about 2 MB). */
const MAX_ACTORS_FILE_BYTES = 20 * 1024 * 1024;

/** Where in the file a problem is: `actors[0].people[0]`. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'the top level'
  );
}

/**
 * Reads and validates an actors file. A missing file is no error (there is nothing to add); a file
 * that is unreadable, too large, not JSON or of the wrong shape is an error naming the file and the
 * field, and none of it is used.
 */
export function loadActorsFile(path: string): { file?: ActorsFile; error?: string } {
  let text: string;
  try {
    if (statSync(path).size > MAX_ACTORS_FILE_BYTES)
      return { error: `${path}: larger than ${MAX_ACTORS_FILE_BYTES / 1024 / 1024} MB` };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { error: `cannot read ${path} (${code})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `${path}: not valid JSON (${(e as Error).message})` };
  }
  const parsed = ActorsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${fieldPath(i.path)}: ${i.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return { error: `${path}: ${issues.join('; ')}${more}` };
  }
  return { file: parsed.data as ActorsFile };
}

export function buildGazetteer(userFile?: ActorsFile): Gazetteer {
  const b = builtin as ActorsFile;
  const g: Gazetteer = { actors: new Map(), people: new Map() };
  for (const a of countryActors(new Set(Object.keys(b.notCapitals ?? {})))) g.actors.set(a.id, a);
  mergeActorsFile(g, b, 'builtin');
  if (userFile) mergeActorsFile(g, userFile, 'file');
  dedupeAliases(
    g,
    new Set((b.actors ?? []).map((a) => slug(a.name))),
    new Set((userFile?.actors ?? []).map((a) => slug(a.name))),
  );
  reindexPhrases(g);
  return g;
}
