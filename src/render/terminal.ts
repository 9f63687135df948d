import { allLines, type Answer, type AnswerLine } from '../answers/model';

export interface TerminalStyle {
  color: boolean;
  width: number;
}

const ansi = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Strips control characters a document could use to move the cursor or recolour the terminal. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function emphasise(line: AnswerLine, bold: (s: string) => string): string {
  const text = line.text;
  if (!line.highlights?.length) return clean(text);
  let out = '';
  let at = 0;
  for (const [s, e] of line.highlights) {
    out += clean(text.slice(at, s)) + bold(clean(text.slice(s, e)));
    at = e;
  }
  return out + clean(text.slice(at));
}

/** An answer laid out for a person at a terminal: numbered quotes, each with its source. */
export function renderTerminal(a: Answer, style: TerminalStyle = { color: false, width: 100 }): string {
  const bold = ansi(style.color, '1');
  const dim = ansi(style.color, '2');
  const out: string[] = [];
  out.push(bold(a.title));
  if (a.message && a.message !== a.title) out.push(a.message);
  if (a.summary) out.push(dim(a.summary));
  let n = 0;
  for (const sec of a.sections) {
    if (sec.heading) out.push('', bold(clean(sec.heading)));
    if (sec.note) out.push(dim(clean(sec.note)));
    for (const item of sec.items ?? []) out.push(`  • ${clean(item.label)}${item.detail ? dim(` — ${clean(item.detail)}`) : ''}`);
    for (const l of sec.lines ?? []) {
      n++;
      const who = l.speaker && l.quote !== undefined ? `${bold(clean(l.speaker))}: “${clean(l.quote)}”\n     ` : l.speaker ? `${bold(clean(l.speaker))}: ` : '';
      out.push(`${String(n).padStart(3)}. ${who}“${emphasise(l, bold)}”`);
      const title = sec.sameDocument ? '' : ` · ${clean(l.title)}${l.date ? ` · ${l.date}` : ''}`;
      out.push(dim(`     — ${l.doc}:${l.line}${title}${l.alsoIn?.length ? ` (also ${l.alsoIn.join(', ')})` : ''}`));
    }
  }
  const shown = allLines(a).length;
  if (a.total > shown && a.command !== 'digest' && a.command !== 'sources') out.push('', dim(`Showing ${shown} of ${a.total} lines.`));
  return out.join('\n');
}
