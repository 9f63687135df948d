/**
 * Optional front matter at the top of a document:
 *   ---
 *   title: ...
 *   date: 2025-03-02
 *   ---
 * Only flat `key: value` pairs are read (title, date, source, url); a full YAML parser would accept
 * far more than a news file ever carries and would turn a typo into a load failure.
 */
export interface FrontMatter {
  fields: Record<string, string>;
  /** Number of lines the block occupies, so line numbers of the body stay true to the file. */
  lineCount: number;
}

const KEYS = new Set(['title', 'date', 'source', 'url', 'author']);

export function readFrontMatter(text: string): FrontMatter {
  const lines = text.split('\n');
  if ((lines[0] ?? '').trim() !== '---') return { fields: {}, lineCount: 0 };
  const fields: Record<string, string> = {};
  for (let i = 1; i < Math.min(lines.length, 40); i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '---' || line === '...') return { fields, lineCount: i + 1 };
    const m = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (KEYS.has(key) && value) fields[key] = value;
  }
  // An opening '---' with no closing one is a horizontal rule, not front matter.
  return { fields: {}, lineCount: 0 };
}
