import { escapeMarkdown } from '@discordjs/formatters';

/**
 * The one place where untrusted strings (document text, titles, dates, file names, front matter,
 * the user's own query) are made safe for each platform. Renderers never put a string from outside
 * into a message without passing it through one of these.
 */

/**
 * C0/C1 control characters (escape sequences start with ESC or CSI) and the bidirectional overrides
 * that can make text read differently from how it is stored ("Trojan Source").
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters gone; line breaks (as \n) and tabs kept. A lone \r would overwrite a terminal line. */
export function stripControls(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/** For fields that must stay on one line (file names, dates, titles, names): no controls, no line breaks. */
export function oneLine(s: string): string {
  return stripControls(s).replace(/[\r\n\t\u2028\u2029]+/g, ' ');
}

/** Everyone-mentions by their plain names: broken with a word joiner so no client reads them as a mention. */
const BROADCAST = /@(everyone|here|channel)\b/gi;

/**
 * A document's URL, if it is one a chat may show as a link: http(s) only (no javascript:, data:,
 * file:), normalised by the URL parser, at most 1,000 characters.
 */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(oneLine(raw).trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    const s = u.toString();
    return s.length <= 1000 ? s : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- Slack (mrkdwn)

/**
 * Slack reads `<…>` as control sequences (`<!channel>`, `<@U123>`, `<http://x|link>`); its own
 * escaping is &amp; &lt; &gt;. A word joiner after "@" keeps "@everyone"/"@here"/"@channel" plain.
 */
export function slackText(s: string): string {
  // mrkdwn has no escape for a backtick, and one from a document would pair with the code span of our
  // citation and swallow it: it becomes the look-alike U+02CB.
  return stripControls(s)
    .replace(/`/g, '\u02cb')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, '@\u2060$1');
}

/** One line of Slack text (titles, dates, names). */
export function slackLine(s: string): string {
  return slackText(oneLine(s));
}

/** A code span (file names: mrkdwn would read their underscores as italics); no backtick can close it early. */
export function slackCode(s: string): string {
  return `\`${slackLine(s) || ' '}\``;
}

/** `<url|text>`: the URL cannot end the link early (`|`, `>` encoded), the text is escaped. */
export function slackLink(url: string | undefined, text: string): string {
  const safe = safeUrl(url);
  if (!safe) return slackLine(text);
  return `<${safe.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C')}|${slackLine(text).replace(/\|/g, '¦')}>`;
}

/** Slack's plain_text fields (headers, buttons) parse no markup, but a broadcast name is still kept inert. */
export function slackPlain(s: string): string {
  return oneLine(s).replace(BROADCAST, '@\u2060$1');
}

// ---------------------------------------------------------------- Discord (markdown)

/**
 * Discord's markdown: discord.js's escapeMarkdown for emphasis, code, spoilers, headings and lists,
 * then what it leaves alone: `[`/`]` (masked links: `[official plan](http://evil)` would hide where a
 * link goes), `>` (block quotes) and `<` (mentions, channels, timestamps, emoji). The client also
 * sends allowed_mentions: none, so nothing pings even if markup got through.
 */
export function discordText(s: string): string {
  return escapeMarkdown(stripControls(s), { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]<>]/g, '\\$&')
    .replace(BROADCAST, '@\u200b$1');
}

/** One line of Discord text. */
export function discordLine(s: string): string {
  return discordText(oneLine(s));
}

/** `[text](url)`, the one masked link the bot itself makes: the text escaped, the URL unable to close it. */
export function discordLink(url: string | undefined, text: string): string {
  const safe = safeUrl(url);
  if (!safe) return discordLine(text);
  return `[${discordLine(text)}](${safe.replace(/[()\s<>[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

/** An inline code span: nothing inside renders; a backtick cannot close it early. */
export function discordCode(s: string): string {
  return `\`${oneLine(s).replace(/`/g, "'").replace(BROADCAST, '@\u200b$1') || ' '}\``;
}

// ---------------------------------------------------------------- Terminal

/** Terminal text: no escape sequence from a document can move the cursor or recolour the screen. */
export function terminalText(s: string): string {
  return stripControls(s);
}

export function terminalLine(s: string): string {
  return oneLine(s);
}

/** Text inside an SVG element or attribute: markup characters become entities, control characters go. */
export function svgText(s: string): string {
  return oneLine(stripControls(s)).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
