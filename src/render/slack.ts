import type { Answer, AnswerLine } from '../answers/model';
import { splitText, truncate } from './split';

/** Slack's limits (Block Kit reference). */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, contextElements: 10, fallbackText: 3000 };

type Block = { type: string; [key: string]: unknown };

export interface SlackMessage {
  text: string;
  blocks: Block[];
  /** Lines of the answer that did not fit. */
  leftOut?: number;
}

/**
 * Document text is untrusted: &, < and > are escaped so that no `<!channel>`, `<!here>`, `<@U123>` or
 * `<http://…|link>` from a document reaches Slack as markup, and a zero-width joiner after "@" keeps
 * "@everyone"/"@here"/"@channel" plain text in every client.
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(everyone|here|channel)\b/gi, '@\u2060$1');
}

function emphasised(line: AnswerLine): string {
  if (!line.highlights?.length) return escapeSlack(line.text);
  let out = '';
  let at = 0;
  for (const [s, e] of line.highlights) {
    out += `${escapeSlack(line.text.slice(at, s))}*${escapeSlack(line.text.slice(s, e))}*`;
    at = e;
  }
  return out + escapeSlack(line.text.slice(at));
}

/** `file:line` in a code span (file names carry underscores, which mrkdwn would read as italics). */
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function citation(l: AnswerLine, withTitle: boolean): string {
  const also = l.alsoIn?.length ? ` (also ${l.alsoIn.map(code).join(', ')})` : '';
  const title = withTitle ? ` · ${escapeSlack(truncate(l.title, 120))}${l.date ? ` · ${escapeSlack(l.date)}` : ''}` : '';
  return `${code(`${l.doc}:${l.line}`)}${title}${also}`;
}

/** One answer line as one or more section texts, each within Slack's 3,000 characters. */
function lineTexts(l: AnswerLine, withTitle = true): string[] {
  const who = l.speaker && l.quote !== undefined ? `*${escapeSlack(l.speaker)}*: “${escapeSlack(l.quote)}”\n` : l.speaker ? `*${escapeSlack(l.speaker)}*\n` : '';
  const body = `${who}>${emphasised(l)}\n${citation(l, withTitle)}`;
  if (body.length <= SLACK_LIMITS.sectionText) return [body];
  // A very long sentence: split the quoted text itself at sentence ends, keeping each part quoted.
  const room = SLACK_LIMITS.sectionText - 300;
  const parts = splitText(escapeSlack(l.text), room).map((p) => `>${p}`);
  parts[parts.length - 1] += `\n${citation(l, withTitle)}`;
  if (who) parts[0] = `${who}${parts[0]}`;
  return parts;
}

export interface SlackRenderOptions {
  /** Adds a "Share in channel" button carrying this id. */
  shareId?: string;
  /** Shown under the answer when it was shared: "Shared by Ana". */
  sharedBy?: string;
}

/** Renders an answer as Block Kit within Slack's limits, saying what was left out. */
export function renderSlack(a: Answer, opts: SlackRenderOptions = {}): SlackMessage {
  const blocks: Block[] = [];
  blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(a.title.replace(/@(everyone|here|channel)\b/gi, '@\u2060$1'), SLACK_LIMITS.headerText), emoji: false } });
  const context: string[] = [];
  if (a.actor?.aliases?.length && a.status === 'ok') context.push(`Matched: ${escapeSlack(truncate(a.actor.aliases.slice(0, 12).join(', '), 900))}`);
  else if (a.summary) context.push(escapeSlack(a.summary));
  if (a.message && a.message !== a.title) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(truncate(a.message, SLACK_LIMITS.sectionText)) } });
  if (a.suggestions?.length) context.push(`Try: ${a.suggestions.map(escapeSlack).join(', ')}`);
  if (context.length) blocks.push({ type: 'context', elements: context.map((t) => ({ type: 'mrkdwn', text: t })) });

  // Room kept for the closing context and the actions block.
  const budget = SLACK_LIMITS.blocks - 2;
  let shown = 0;
  let leftOut = 0;
  for (const sec of a.sections) {
    const pending: Block[] = [];
    if (sec.heading) pending.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(truncate(sec.heading, 280))}*${sec.note ? `\n${escapeSlack(truncate(sec.note, 280))}` : ''}` } });
    if (sec.items?.length) {
      const text = sec.items.map((i) => `• *${escapeSlack(i.label)}*${i.detail ? ` — ${escapeSlack(i.detail)}` : ''}`).join('\n');
      for (const part of splitText(text, SLACK_LIMITS.sectionText)) pending.push({ type: 'section', text: { type: 'mrkdwn', text: part } });
    }
    if (blocks.length + pending.length > budget) {
      leftOut += sec.lines?.length ?? 0;
      continue;
    }
    blocks.push(...pending);
    for (const l of sec.lines ?? []) {
      const texts = lineTexts(l, !sec.sameDocument);
      if (blocks.length + texts.length > budget) {
        leftOut++;
        continue;
      }
      for (const t of texts) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t } });
      shown++;
    }
  }
  const notShown = Math.max(0, a.total - shown - leftOut) + leftOut;
  const tail: string[] = [];
  if (notShown > 0 && a.command !== 'sources' && a.command !== 'digest') tail.push(`${notShown} more line${notShown === 1 ? '' : 's'} not shown — narrow the question (e.g. add a topic) or use /search.`);
  else if (leftOut > 0) tail.push(`${leftOut} more line${leftOut === 1 ? '' : 's'} not shown (Slack’s message limit).`);
  if (opts.sharedBy) tail.push(`Shared by ${escapeSlack(opts.sharedBy)}`);
  if (tail.length) blocks.push({ type: 'context', elements: tail.map((t) => ({ type: 'mrkdwn', text: t })) });
  if (opts.shareId && a.status === 'ok') {
    blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: 'share_answer', text: { type: 'plain_text', text: 'Share in channel' }, value: opts.shareId }] });
  }
  const fallback = truncate(`${a.title}${a.message && a.message !== a.title ? ` — ${a.message}` : ''}`, SLACK_LIMITS.fallbackText);
  return { text: escapeSlack(fallback), blocks, leftOut };
}
