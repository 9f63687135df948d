export type ActorKind = 'country' | 'organisation' | 'group' | 'person';

export interface Actor {
  id: string;
  /** What answers call it: "United Kingdom". */
  name: string;
  /** The short form people type: "UK". */
  short?: string;
  kind: ActorKind;
  /** Every phrase that stands for the actor in text (people excluded). */
  aliases: string[];
}

export interface Person {
  id: string;
  /** The fullest form of the name seen: "Keir Starmer". */
  name: string;
  /** Other forms: surname, spelling variants. */
  aliases: string[];
  /** The actor the person speaks for, when known. */
  actorId?: string;
  /** Where the link to the actor came from. */
  origin: 'builtin' | 'file' | 'learned';
  /** For learned links: the sentence that taught it, as `file:line`. */
  evidence?: string;
}

/** The actors file's format (builtinActors.json and the team's actors.json share it). */
export interface ActorsFile {
  actors: Array<{
    name: string;
    short?: string;
    kind?: ActorKind;
    aliases?: string[];
    people?: Array<string | { name: string; aliases?: string[] }>;
  }>;
  notCapitals?: Record<string, string>;
}
