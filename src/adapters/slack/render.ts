import type { Answer, AnswerLine } from '../../answers/model';
import { slackCode, slackLine, slackLink, slackPlain, slackText } from '../../render/escape';
import { emphasise, speakerOf } from '../../render/lineParts';
import { splitText, truncate } from '../../render/split';

/** Slack's limits (Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  fallbackText: 3000,
  buttonValue: 2000,
};

/** How many other copies of a syndicated line a citation names before "+N more". */
const ALSO_IN_SHOWN = 3;

type Block = { type: string; [key: string]: unknown };

/** What Slack receives: exactly the fields of its message payload, nothing else. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** @deprecated name kept for callers; the escaping lives in `./escape`. */
export const escapeSlack = slackText;

/** Section and context texts are cut to Slack's limit where they are made, so no block can be refused for length. */
const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) },
});
const context = (texts: string[]): Block => ({
  type: 'context',
  elements: texts
    .slice(0, SLACK_LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn', text: truncate(t, SLACK_LIMITS.contextText) })),
});

// A line break inside the text would end the block quote: the line is kept on one line.
const emphasised = (line: AnswerLine) => emphasise(line, slackLine, (s) => `*${s}*`);

function citation(l: AnswerLine, withTitle: boolean): string {
  const others = l.alsoIn ?? [];
  const more = others.length > ALSO_IN_SHOWN ? ` +${others.length - ALSO_IN_SHOWN} more` : '';
  const also = others.length
    ? ` (also ${others
        .slice(0, ALSO_IN_SHOWN)
        .map((f) => slackCode(truncate(f, 80)))
        .join(', ')}${more})`
    : '';
  const title = withTitle
    ? ` · ${slackLink(l.url, truncate(l.title, 120))}${l.date ? ` · ${slackLine(truncate(l.date, 40))}` : ''}`
    : '';
  return `${slackCode(`${truncate(l.doc, 120)}:${l.line}`)}${title}${also}`;
}

/** One answer line as one or more section texts, each within Slack's 3,000 characters. */
function lineTexts(l: AnswerLine, withTitle = true): string[] {
  const sp = speakerOf(l);
  const speaker = sp ? `*${slackLine(truncate(sp.speaker, 100))}*` : '';
  const who =
    sp?.quote !== undefined ? `${speaker}: “${slackText(truncate(sp.quote, 600))}”\n` : sp ? `${speaker}\n` : '';
  const cite = citation(l, withTitle);
  const body = `${who}>${emphasised(l)}\n${cite}`;
  if (body.length <= SLACK_LIMITS.sectionText) return [body];
  // A very long sentence: split the quoted text itself at sentence ends, keeping each part quoted.
  const room = SLACK_LIMITS.sectionText - Math.max(who.length, cite.length) - 10;
  const parts = splitText(slackLine(l.text), room).map((p) => `>${p}`);
  parts[parts.length - 1] += `\n${cite}`;
  if (who) parts[0] = `${who}${parts[0]}`;
  return parts;
}

export interface SlackRenderOptions {
  /** Adds a "Share in channel" button carrying this id. */
  shareId?: string;
  /** Shown under the answer when it was shared: "Shared by Ana". */
  sharedBy?: string;
}

/** Renders an answer as Block Kit within Slack's limits. */
export function renderSlack(a: Answer, opts: SlackRenderOptions = {}): SlackMessage {
  return renderSlackCounted(a, opts).message;
}

/** The message, and how many of the answer's lines did not fit (the digest splits on it). */
export function renderSlackCounted(
  a: Answer,
  opts: SlackRenderOptions = {},
): { message: SlackMessage; leftOut: number } {
  const blocks: Block[] = [];
  blocks.push({
    type: 'header',
    text: { type: 'plain_text', text: truncate(slackPlain(a.title), SLACK_LIMITS.headerText), emoji: false },
  });
  const ctx: string[] = [];
  // /ask says how it read the question, whatever else the answer's header carries.
  if (a.readAs && a.actor?.aliases?.length && a.status === 'ok')
    ctx.push(`Read as: ${slackLine(truncate(a.readAs, 300))}`);
  if (a.actor?.aliases?.length && a.status === 'ok')
    ctx.push(`Matched: ${slackLine(truncate(a.actor.aliases.slice(0, 12).join(', '), 900))}`);
  else if (a.summary) ctx.push(slackText(a.summary));
  if (a.message && a.message !== a.title) blocks.push(section(slackText(a.message)));
  if (a.suggestions?.length) ctx.push(`Try: ${a.suggestions.map((s) => slackLine(truncate(s, 100))).join(', ')}`);
  if (ctx.length) blocks.push(context(ctx));

  // Room kept for the closing context and the actions block.
  const budget = SLACK_LIMITS.blocks - 2;
  let leftOut = 0;
  for (const sec of a.sections) {
    const pending: Block[] = [];
    if (sec.heading)
      pending.push(
        section(
          `*${slackLink(sec.url, truncate(sec.heading, 280))}*${sec.note ? `\n${slackText(truncate(sec.note, 280))}` : ''}`,
        ),
      );
    if (sec.items?.length) {
      const text = sec.items
        .map(
          (i) =>
            `• *${slackLine(truncate(i.label, 200))}*${i.detail ? ` — ${slackText(truncate(i.detail, 1000))}` : ''}`,
        )
        .join('\n');
      for (const part of splitText(text, SLACK_LIMITS.sectionText)) pending.push(section(part));
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
      for (const t of texts) blocks.push(section(t));
    }
  }
  const notShown = (a.more?.count ?? 0) + leftOut;
  const tail: string[] = [];
  if (a.more && notShown > 0)
    tail.push(`${notShown} more line${notShown === 1 ? '' : 's'} not shown — ${a.more.hint}.`);
  else if (leftOut > 0) tail.push(`${leftOut} more line${leftOut === 1 ? '' : 's'} not shown (Slack’s message limit).`);
  if (opts.sharedBy) tail.push(`Shared by ${slackLine(truncate(opts.sharedBy, 80))}`);
  if (tail.length) blocks.push(context(tail));
  if (opts.shareId && a.status === 'ok') {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'share_answer',
          text: { type: 'plain_text', text: 'Share in channel' },
          value: opts.shareId.slice(0, SLACK_LIMITS.buttonValue),
        },
      ],
    });
  }
  return { message: { text: plainSlack(a), blocks }, leftOut };
}

/**
 * The answer as plain text only: the notification text of every message, and what is sent instead
 * when Slack refuses the blocks, so the user never gets silence.
 */
export function plainSlack(a: Answer, max = SLACK_LIMITS.fallbackText): string {
  const head = `${a.title}${a.message && a.message !== a.title ? ` — ${a.message}` : ''}`;
  return truncate(slackText(head), max);
}

/** A short fallback that still carries the first lines, for when Slack refused the rich message. */
export function slackFallback(a: Answer): SlackMessage {
  const lines = a.sections.flatMap((s) => s.lines ?? []).slice(0, 5);
  const body = lines
    .map((l) => `>${slackLine(truncate(l.text, 400))}\n${slackCode(`${truncate(l.doc, 120)}:${l.line}`)}`)
    .join('\n');
  const text = truncate(
    `${plainSlack(a, 500)}${body ? `\n${body}` : ''}\n_(shortened: Slack refused the full answer)_`,
    SLACK_LIMITS.fallbackText,
  );
  return { text, blocks: [] };
}
