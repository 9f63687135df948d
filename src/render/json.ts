import { allLines, type Answer } from '../answers/model';

/** The JSON contract of `npm run ask -- … --json`, read by the shared evaluator. */
export function toJson(a: Answer): Record<string, unknown> {
  return {
    command: a.command,
    query: a.query,
    status: a.status,
    actor: a.actor ?? null,
    results: allLines(a).map((l) => ({
      doc: l.doc,
      line: l.line,
      text: l.text,
      ...(l.quote !== undefined ? { quote: l.quote } : {}),
      ...(l.speaker !== undefined ? { speaker: l.speaker } : {}),
      score: l.score,
      ...(l.alsoIn?.length ? { alsoIn: l.alsoIn } : {}),
    })),
    total: a.total,
    ...(a.message ? { message: a.message } : {}),
    ...(a.suggestions?.length ? { suggestions: a.suggestions } : {}),
    ...(a.sections.some((s) => s.items) ? { items: a.sections.flatMap((s) => s.items ?? []) } : {}),
  };
}
