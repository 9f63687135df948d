import type { Answer, AnswerLine } from '../answers/model';
import { splitText, truncate } from './split';

/** Discord's message limits (API reference: embeds and messages). */
export const DISCORD_LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, footer: 2048, total: 6000 };

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  footer?: { text: string };
}

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  /** Lines of the answer that did not fit. */
  leftOut?: number;
}

const COLORS: Record<Answer['status'], number> = { ok: 0x1d3557, empty: 0x8d99ae, usage: 0xe9c46a, error: 0xe63946 };

/**
 * Neutralises mentions in document text: the client's allowedMentions already stops pings; this
 * also keeps "<@123>" and "@everyone" from rendering as mention pills. Markdown is escaped so a
 * document cannot restyle the answer.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/([\\*_`~|>])/g, '\\$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>')
    .replace(/@(everyone|here)\b/gi, '@\u200b$1');
}

function emphasised(l: AnswerLine): string {
  if (!l.highlights?.length) return escapeDiscord(l.text);
  let out = '';
  let at = 0;
  for (const [s, e] of l.highlights) {
    out += `${escapeDiscord(l.text.slice(at, s))}**${escapeDiscord(l.text.slice(s, e))}**`;
    at = e;
  }
  return out + escapeDiscord(l.text.slice(at));
}

function lineBlock(l: AnswerLine, n: number, withTitle = true): string {
  const who = l.speaker && l.quote !== undefined ? `**${escapeDiscord(l.speaker)}**: “${escapeDiscord(l.quote)}”\n` : l.speaker ? `**${escapeDiscord(l.speaker)}**\n` : '';
  const cite = `— \`${l.doc}:${l.line}\`${withTitle ? ` · ${escapeDiscord(truncate(l.title, 100))}${l.date ? ` · ${l.date}` : ''}` : ''}`;
  // A block quote must open its own line.
  return `**${n}.** ${who}${who.endsWith('\n') ? '' : '\n'}> ${emphasised(l)}\n${cite}`;
}

/**
 * Renders an answer as embeds within Discord's limits: a long line is split at sentence ends, the
 * message stops before 10 embeds or 6,000 characters, and the footer says how many lines were left out.
 */
export function renderDiscord(a: Answer): DiscordMessage {
  const aliases = a.actor?.aliases?.length && a.status === 'ok' ? ` (${a.actor.aliases.slice(0, 8).join(', ')})` : '';
  const title = truncate(`${a.title}${aliases}`, DISCORD_LIMITS.title);
  const embeds: DiscordEmbed[] = [];
  let used = title.length;
  let current: DiscordEmbed = { title, color: COLORS[a.status], description: '' };
  embeds.push(current);
  const intro: string[] = [];
  if (a.message && a.message !== a.title) intro.push(escapeDiscord(a.message));
  if (a.summary && !aliases) intro.push(`*${escapeDiscord(a.summary)}*`);
  if (a.suggestions?.length) intro.push(`Try: ${a.suggestions.map(escapeDiscord).join(', ')}`);
  current.description = intro.join('\n');
  used += current.description.length;

  const room = (extra: number) => used + extra <= DISCORD_LIMITS.total - 200;
  const append = (chunk: string): boolean => {
    const sep = current.description ? '\n\n' : '';
    if (current.description!.length + sep.length + chunk.length <= DISCORD_LIMITS.description) {
      if (!room(chunk.length + sep.length)) return false;
      current.description += sep + chunk;
      used += chunk.length + sep.length;
      return true;
    }
    if (embeds.length >= DISCORD_LIMITS.embeds || !room(chunk.length)) return false;
    current = { color: COLORS[a.status], description: chunk };
    embeds.push(current);
    used += chunk.length;
    return true;
  };

  let n = 0;
  let shown = 0;
  let stopped = false;
  const allLines = a.sections.reduce((k, s) => k + (s.lines?.length ?? 0), 0);
  for (const sec of a.sections) {
    if (stopped) break;
    if (sec.heading && !append(`__**${escapeDiscord(truncate(sec.heading, 200))}**__${sec.note ? `\n*${escapeDiscord(truncate(sec.note, 200))}*` : ''}`)) {
      stopped = true;
      break;
    }
    for (const item of sec.items ?? []) {
      if (!append(`• **${escapeDiscord(item.label)}**${item.detail ? ` — ${escapeDiscord(item.detail)}` : ''}`)) {
        stopped = true;
        break;
      }
    }
    for (const l of sec.lines ?? []) {
      n++;
      const block = lineBlock(l, n, !sec.sameDocument);
      // A line longer than one embed is split at sentence ends across embeds.
      const pieces = block.length > DISCORD_LIMITS.description - 10 ? splitText(block, DISCORD_LIMITS.description - 10) : [block];
      if (!pieces.every((p) => append(p))) {
        stopped = true;
        break;
      }
      shown++;
    }
  }
  const missing = Math.max(0, a.command === 'sources' || a.command === 'digest' ? allLines - shown : a.total - shown);
  if (missing > 0) {
    const text = `${missing} more line${missing === 1 ? '' : 's'} not shown${stopped ? ' (Discord’s message limit)' : ''} — narrow the question or use /search.`;
    embeds[embeds.length - 1]!.footer = { text };
  }
  for (const e of embeds) if (e.description === '') delete e.description;
  return { embeds, leftOut: Math.max(0, allLines - shown) };
}

/** Total characters Discord counts against its 6,000 limit. */
export function embedChars(m: DiscordMessage): number {
  return m.embeds.reduce((k, e) => k + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0), 0);
}
