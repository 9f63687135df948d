import { allLines, type Answer, type AnswerLine } from '../answers/model';
import { terminalLine, terminalText } from './escape';

export interface TerminalStyle {
  color: boolean;
  width: number;
}

const ansi = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function emphasise(line: AnswerLine, bold: (s: string) => string): string {
  const text = line.text;
  if (!line.highlights?.length) return terminalLine(text);
  let out = '';
  let at = 0;
  for (const [s, e] of line.highlights) {
    out += terminalLine(text.slice(at, s)) + bold(terminalLine(text.slice(s, e)));
    at = e;
  }
  return out + terminalLine(text.slice(at));
}

/** An answer laid out for a person at a terminal: numbered quotes, each with its source. */
export function renderTerminal(a: Answer, style: TerminalStyle = { color: false, width: 100 }): string {
  const bold = ansi(style.color, '1');
  const dim = ansi(style.color, '2');
  const out: string[] = [];
  out.push(bold(terminalLine(a.title)));
  if (a.message && a.message !== a.title) out.push(terminalText(a.message));
  if (a.summary) out.push(dim(terminalText(a.summary)));
  let n = 0;
  for (const sec of a.sections) {
    if (sec.heading) out.push('', bold(terminalLine(sec.heading)));
    if (sec.note) out.push(dim(terminalText(sec.note)));
    for (const item of sec.items ?? []) out.push(`  • ${terminalLine(item.label)}${item.detail ? dim(` — ${terminalLine(item.detail)}`) : ''}`);
    for (const l of sec.lines ?? []) {
      n++;
      const speaker = l.speaker ? bold(terminalLine(l.speaker)) : '';
      const who = speaker && l.quote !== undefined ? `${speaker}: “${terminalLine(l.quote)}”\n     ` : speaker ? `${speaker}: ` : '';
      out.push(`${String(n).padStart(3)}. ${who}“${emphasise(l, bold)}”`);
      const title = sec.sameDocument ? '' : ` · ${terminalLine(l.title)}${l.date ? ` · ${terminalLine(l.date)}` : ''}`;
      out.push(dim(`     — ${terminalLine(l.doc)}:${l.line}${title}${l.alsoIn?.length ? ` (also ${l.alsoIn.map(terminalLine).join(', ')})` : ''}`));
    }
  }
  const shown = allLines(a).length;
  if (a.total > shown && a.command !== 'digest' && a.command !== 'sources') out.push('', dim(`Showing ${shown} of ${a.total} lines.`));
  return out.join('\n');
}
