import type { Answer, AnswerLine } from '../../answers/model';
import { discordCode, discordLine, discordLink, discordText } from '../../render/escape';
import { emphasise, speakerOf } from '../../render/lineParts';
import { splitText, truncate } from '../../render/split';

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

/** @deprecated name kept for callers; the escaping lives in `./escape`. */
export const escapeDiscord = discordText;

// A line break inside the text would end the block quote: the line is kept on one line.
const emphasised = (l: AnswerLine) => emphasise(l, discordLine, (s) => `**${s}**`);

function lineBlock(l: AnswerLine, n: number, withTitle = true): string {
  const sp = speakerOf(l);
  const speaker = sp ? `**${discordLine(truncate(sp.speaker, 100))}**` : '';
  const who =
    sp?.quote !== undefined ? `${speaker}: “${discordText(truncate(sp.quote, 600))}”\n` : sp ? `${speaker}\n` : '';
  const others = l.alsoIn ?? [];
  const also = others.length
    ? ` (also ${others
        .slice(0, 3)
        .map((f) => discordCode(truncate(f, 80)))
        .join(', ')}${others.length > 3 ? ` +${others.length - 3} more` : ''})`
    : '';
  const title = withTitle
    ? ` · ${discordLink(l.url, truncate(l.title, 100))}${l.date ? ` · ${discordLine(truncate(l.date, 40))}` : ''}`
    : '';
  const cite = `— ${discordCode(`${truncate(l.doc, 120)}:${l.line}`)}${title}${also}`;
  // A block quote must open its own line.
  return `**${n}.** ${who}${who.endsWith('\n') ? '' : '\n'}> ${emphasised(l)}\n${cite}`;
}

/**
 * Renders an answer as embeds within Discord's limits: a long line is split at sentence ends, the
 * message stops before 10 embeds or 6,000 characters, and the footer says how many lines were left out.
 */
export function renderDiscord(a: Answer): DiscordMessage {
  const aliases = a.actor?.aliases?.length && a.status === 'ok' ? ` (${a.actor.aliases.slice(0, 8).join(', ')})` : '';
  const title = truncate(discordLine(`${a.title}${aliases}`), DISCORD_LIMITS.title);
  const embeds: DiscordEmbed[] = [];
  let used = title.length;
  let current: DiscordEmbed = { title, color: COLORS[a.status], description: '' };
  embeds.push(current);
  const intro: string[] = [];
  if (a.message && a.message !== a.title) intro.push(discordText(a.message));
  if (a.summary && !aliases) intro.push(`*${discordText(a.summary)}*`);
  // /ask says how it read the question, whatever else the answer's header carries.
  else if (a.readAs) intro.push(`*Read as: ${discordLine(truncate(a.readAs, 300))}*`);
  if (a.suggestions?.length) intro.push(`Try: ${a.suggestions.map((x) => discordLine(truncate(x, 100))).join(', ')}`);
  current.description = truncate(intro.join('\n'), 1500);
  used += current.description.length;

  const room = (extra: number) => used + extra <= DISCORD_LIMITS.total - 200;
  const append = (whole: string): boolean => {
    // Every piece fits one embed by construction, whatever a document or a file name holds.
    const chunk = truncate(whole, DISCORD_LIMITS.description - 10);
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
    if (
      sec.heading &&
      !append(
        `__**${discordLink(sec.url, truncate(sec.heading, 200))}**__${sec.note ? `\n*${discordText(truncate(sec.note, 200))}*` : ''}`,
      )
    ) {
      stopped = true;
      break;
    }
    for (const item of sec.items ?? []) {
      if (
        !append(
          `• **${discordLine(truncate(item.label, 200))}**${item.detail ? ` — ${discordText(truncate(item.detail, 1000))}` : ''}`,
        )
      ) {
        stopped = true;
        break;
      }
    }
    for (const l of sec.lines ?? []) {
      n++;
      const block = lineBlock(l, n, !sec.sameDocument);
      // A line longer than one embed is split at sentence ends across embeds.
      const pieces =
        block.length > DISCORD_LIMITS.description - 10 ? splitText(block, DISCORD_LIMITS.description - 10) : [block];
      if (!pieces.every((p) => append(p))) {
        stopped = true;
        break;
      }
      shown++;
    }
  }
  const missing = (a.more?.count ?? 0) + Math.max(0, allLines - shown);
  if (missing > 0) {
    const text = `${missing} more line${missing === 1 ? '' : 's'} not shown${stopped ? ' (Discord’s message limit)' : ''}${a.more ? ` — ${a.more.hint}` : ''}.`;
    embeds[embeds.length - 1]!.footer = { text: truncate(text, DISCORD_LIMITS.footer) };
  }
  for (const e of embeds) if (e.description === '') delete e.description;
  return { embeds, leftOut: Math.max(0, allLines - shown) };
}

/**
 * A short plain message for when Discord refused the embeds: the title and the first lines with
 * their sources, within the 2,000 characters of a message's content.
 */
export function discordFallback(a: Answer): { content: string } {
  const lines = a.sections.flatMap((s) => s.lines ?? []).slice(0, 5);
  const body = lines
    .map((l) => `> ${discordLine(truncate(l.text, 300))}\n${discordCode(`${truncate(l.doc, 120)}:${l.line}`)}`)
    .join('\n');
  const head = discordLine(truncate(`${a.title}${a.message && a.message !== a.title ? ` — ${a.message}` : ''}`, 400));
  return {
    content: truncate(
      `**${head}**${body ? `\n${body}` : ''}\n*(shortened: Discord refused the full answer)*`,
      DISCORD_LIMITS.content,
    ),
  };
}
