import type { DiscordMessage } from '../../src/adapters/discord/render';
import type { SlackMessage } from '../../src/adapters/slack/render';

/** Every string value inside a payload, however deep. */
export function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** "@everyone", "@here", "@channel" as a client would read them: not broken by a joiner. */
const LIVE_BROADCAST = /@(everyone|here|channel)\b/i;

/** Problems with a Slack message: limits, live control sequences, broadcast names, code spans broken open. */
export function slackProblems(m: SlackMessage): string[] {
  const p: string[] = [];
  const keys = Object.keys(m).filter((k) => k !== 'text' && k !== 'blocks');
  if (keys.length) p.push(`stray fields: ${keys.join(', ')}`);
  if (m.text.length > 3000) p.push(`text ${m.text.length} > 3000`);
  if (m.blocks.length > 50) p.push(`${m.blocks.length} blocks > 50`);
  for (const b of m.blocks as Array<{
    type: string;
    text?: { text: string };
    elements?: Array<{ text?: string | { text: string }; value?: string }>;
  }>) {
    if (b.type === 'header' && b.text!.text.length > 150) p.push('header > 150');
    if (b.type === 'section' && b.text!.text.length > 3000) p.push(`section ${b.text!.text.length} > 3000`);
    if (b.type === 'context') {
      if (b.elements!.length > 10) p.push('context > 10 elements');
      for (const e of b.elements!)
        if (typeof e.text === 'string' && e.text.length > 3000) p.push('context text > 3000');
    }
  }
  // plain_text objects (headers, button labels) parse no markup; everything else Slack reads as mrkdwn.
  const plain = new Set(
    strings(
      m.blocks.flatMap((b) =>
        [b.text, ...((b.elements as unknown[]) ?? [])].filter((t) => (t as { type?: string })?.type === 'plain_text'),
      ),
    ),
  );
  for (const raw of strings(m)) {
    // The bot's own links, `<https://…|text>`, are the one markup it makes: no `<`, `>` or `|` inside the URL.
    const s = raw.replace(/<https?:\/\/[^\s<>|]+\|[^<>|]*>/g, 'LINK');
    if (s.includes('<') && !plain.has(raw)) p.push(`a live "<" (Slack control sequence) in: ${s.slice(0, 120)}`);
    if (LIVE_BROADCAST.test(s)) p.push(`a live broadcast name in: ${s.slice(0, 120)}`);
    for (const span of s.match(/`[^`]*`/g) ?? [])
      if (/[\r\n]/.test(span)) p.push(`a line break inside a code span: ${JSON.stringify(span)}`);
    if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s))
      p.push(`a control character in: ${JSON.stringify(s.slice(0, 80))}`);
  }
  return p;
}

/** An unescaped character: preceded by an even number of backslashes. */
const unescaped = (ch: string) => new RegExp(`(^|[^\\\\])(\\\\\\\\)*\\${ch}`);

/** Problems with a Discord message: limits, masked links, mentions, broadcast names. */
export function discordProblems(m: DiscordMessage | { content?: string; embeds?: DiscordMessage['embeds'] }): string[] {
  const p: string[] = [];
  const embeds = m.embeds ?? [];
  if ((m.content ?? '').length > 2000) p.push('content > 2000');
  if (embeds.length > 10) p.push(`${embeds.length} embeds > 10`);
  let total = 0;
  for (const e of embeds) {
    if ((e.title ?? '').length > 256) p.push('title > 256');
    if ((e.description ?? '').length > 4096) p.push(`description ${(e.description ?? '').length} > 4096`);
    if ((e.footer?.text ?? '').length > 2048) p.push('footer > 2048');
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
  }
  if (total > 6000) p.push(`embeds ${total} > 6000 in all`);
  const texts = [m.content ?? '', ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? ''])];
  for (const s of texts) {
    // Inside inline code nothing renders: only text outside code spans can carry markup. A span opens
    // at an unescaped backtick only (an escaped one, \`, is a literal backtick, as the renderer writes them).
    // The bot's own masked links, `[text](https://…)`, with no bracket left unescaped in the text and no paren in the URL.
    const outside = s
      .replace(/(^|[^\\])((?:\\\\)*)`[^`\n]*`/g, '$1$2')
      .replace(/\[((?:\\.|[^\\\[\]])*)\]\(https?:\/\/[^\s()<>]+\)/g, '$1');
    for (const ch of ['[', ']', '<'])
      if (unescaped(ch).test(outside)) p.push(`an unescaped "${ch}" in: ${outside.slice(0, 160)}`);
    if (LIVE_BROADCAST.test(s.replace(/\\@/g, ''))) p.push(`a live broadcast name in: ${s.slice(0, 120)}`);
    if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s))
      p.push(`a control character in: ${JSON.stringify(s.slice(0, 80))}`);
  }
  return p;
}

/** Problems with terminal output (rendered without colour): any control character but the line break. */
export function terminalProblems(text: string): string[] {
  const m = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.exec(text);
  return m
    ? [
        `control character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}`,
      ]
    : [];
}
