/**
 * The keys that name who a mention or a quote is about, built and read here only.
 *
 * - a bare actor id (`united-kingdom`): an actor, in the mention and speaker indexes;
 * - `person:<id>`: a known person;
 * - `word:<folded word>`: any word of a speaker's name, to find "Dmytro" or "official";
 * - a speaker's own identity: `person:<id>`, `name:<lower-case name>`, `anon:<phrase>` or `actor:<id>`.
 */
export type KeyKind = 'actor' | 'person' | 'word' | 'name' | 'anon' | 'speaking-actor';

const PREFIX: Record<Exclude<KeyKind, 'actor'>, string> = {
  person: 'person:',
  word: 'word:',
  name: 'name:',
  anon: 'anon:',
  'speaking-actor': 'actor:',
};

export const actorKey = (actorId: string) => actorId;
export const personKey = (personId: string) => `${PREFIX.person}${personId}`;
export const wordKey = (foldedWord: string) => `${PREFIX.word}${foldedWord}`;
export const nameKey = (name: string) => `${PREFIX.name}${name.toLowerCase()}`;
export const anonKey = (phrase: string) => `${PREFIX.anon}${phrase.toLowerCase()}`;
export const speakingActorKey = (actorId: string) => `${PREFIX['speaking-actor']}${actorId}`;

/** What a key names. A key with no known prefix is an actor id. */
export function parseKey(key: string): { kind: KeyKind; id: string } {
  for (const [kind, prefix] of Object.entries(PREFIX) as Array<[Exclude<KeyKind, 'actor'>, string]>)
    if (key.startsWith(prefix)) return { kind, id: key.slice(prefix.length) };
  return { kind: 'actor', id: key };
}

export const isPersonKey = (key: string) => key.startsWith(PREFIX.person);
