import { allLines, type Answer } from '../../answers/model';
import { emphasise, speakerOf } from '../../render/lineParts';
import { safeUrl, terminalLine, terminalText } from '../../render/escape';

export interface TerminalStyle {
  color: boolean;
  width: number;
}

const ansi = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

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
    const headingUrl = safeUrl(sec.url);
    if (headingUrl) out.push(dim(headingUrl));
    if (sec.note) out.push(dim(terminalText(sec.note)));
    for (const item of sec.items ?? [])
      out.push(`  • ${terminalLine(item.label)}${item.detail ? dim(` — ${terminalLine(item.detail)}`) : ''}`);
    for (const l of sec.lines ?? []) {
      n++;
      const sp = speakerOf(l);
      const speaker = sp ? bold(terminalLine(sp.speaker)) : '';
      const who = sp?.quote !== undefined ? `${speaker}: “${terminalLine(sp.quote)}”\n     ` : sp ? `${speaker}: ` : '';
      out.push(`${String(n).padStart(3)}. ${who}“${emphasise(l, terminalLine, bold)}”`);
      const url = safeUrl(l.url);
      const title = sec.sameDocument
        ? ''
        : ` · ${terminalLine(l.title)}${l.date ? ` · ${terminalLine(l.date)}` : ''}${url ? ` · ${url}` : ''}`;
      out.push(
        dim(
          `     — ${terminalLine(l.doc)}:${l.line}${title}${l.alsoIn?.length ? ` (also ${l.alsoIn.map(terminalLine).join(', ')})` : ''}`,
        ),
      );
    }
  }
  const shown = allLines(a).length;
  if (a.more) out.push('', dim(`Showing ${shown} of ${shown + a.more.count} lines.`));
  return out.join('\n');
}
