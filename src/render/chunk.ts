import type { Answer, Section } from '../answers/model';

/**
 * Splits a long answer (a briefing) into several that each fit one message, keeping sections whole
 * where possible. `fits` asks the platform's renderer whether a part loses nothing.
 */
export function chunkAnswer(a: Answer, fits: (part: Answer) => boolean): Answer[] {
  const parts: Answer[] = [];
  const make = (sections: Section[], first: boolean): Answer => ({
    ...a,
    title: first ? a.title : `${a.title} (continued)`,
    summary: first ? a.summary : undefined,
    message: first ? a.message : undefined,
    sections,
    total: sections.reduce((k, s) => k + (s.lines?.length ?? 0), 0),
  });
  let current: Section[] = [];
  const flush = () => {
    if (current.length) parts.push(make(current, parts.length === 0));
    current = [];
  };
  for (const sec of a.sections) {
    if (fits(make([...current, sec], parts.length === 0))) {
      current.push(sec);
      continue;
    }
    flush();
    if (fits(make([sec], parts.length === 0))) {
      current.push(sec);
      continue;
    }
    // One section too large for a message: split its lines.
    let lines: NonNullable<Section['lines']> = [];
    for (const l of sec.lines ?? []) {
      const candidate: Section = { ...sec, lines: [...lines, l] };
      if (lines.length && !fits(make([candidate], parts.length === 0))) {
        current = [{ ...sec, lines }];
        flush();
        lines = [l];
      } else lines.push(l);
    }
    current = [{ ...sec, lines }];
  }
  flush();
  return parts.length ? parts : [a];
}
