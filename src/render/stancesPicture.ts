import { Resvg } from '@resvg/resvg-js';
import type { StanceMatrix } from '../answers/model';
import { svgText } from './escape';

/**
 * The /stances matrix as a picture: actors down, issues across, each cell coloured by stance and
 * labelled in words (colour is never the only signal). Drawn as SVG by hand and rasterised with
 * resvg: a grid of rectangles needs no charting library, and Vega-Lite's ESM-only build with
 * top-level await cannot be loaded by this CommonJS build or by Jest (see README).
 */
const COLOURS: Record<string, { fill: string; text: string }> = {
  supports: { fill: '#1a7f37', text: '#ffffff' },
  opposes: { fill: '#cf222e', text: '#ffffff' },
  conditional: { fill: '#bf8700', text: '#ffffff' },
  undecided: { fill: '#8c959f', text: '#ffffff' },
  none: { fill: '#f6f8fa', text: '#57606a' },
};

export const PICTURE_LAYOUT = { rowHeight: 44, columnWidth: 150, labelWidth: 190, header: 90, footer: 44, padding: 16 };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function stancesSvg(m: StanceMatrix, title: string): string {
  const L = PICTURE_LAYOUT;
  const width = L.padding * 2 + L.labelWidth + m.issues.length * L.columnWidth;
  const height = L.header + m.rows.length * L.rowHeight + L.footer;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${L.padding}" y="30" font-size="18" font-weight="bold" fill="#24292f">${svgText(clip(title, 80))}</text>`,
  ];
  m.issues.forEach((issue, j) => {
    const x = L.padding + L.labelWidth + j * L.columnWidth + L.columnWidth / 2;
    out.push(
      `<text x="${x}" y="${L.header - 14}" font-size="13" text-anchor="middle" fill="#24292f">${svgText(clip(issue, 20))}</text>`,
    );
  });
  m.rows.forEach((row, i) => {
    const y = L.header + i * L.rowHeight;
    out.push(
      `<text x="${L.padding}" y="${y + L.rowHeight / 2 + 5}" font-size="14" fill="#24292f">${svgText(clip(row.actor, 24))}</text>`,
    );
    row.cells.forEach((cell, j) => {
      const x = L.padding + L.labelWidth + j * L.columnWidth;
      const c = COLOURS[cell.stance ?? 'none'] ?? COLOURS.none!;
      out.push(
        `<rect x="${x + 3}" y="${y + 3}" width="${L.columnWidth - 6}" height="${L.rowHeight - 6}" rx="6" fill="${c.fill}"/>`,
        `<text x="${x + L.columnWidth / 2}" y="${y + L.rowHeight / 2 + 5}" font-size="13" text-anchor="middle" fill="${c.text}">${svgText(cell.stance ?? 'said nothing')}</text>`,
      );
    });
  });
  out.push(
    `<text x="${L.padding}" y="${height - 16}" font-size="12" fill="#57606a">Each cell is one quoted line: /position ACTOR ISSUE shows it.</text>`,
    '</svg>',
  );
  return out.join('\n');
}

let fontFile: string | undefined;
function font(): string {
  // The font ships with the project's dependencies: a server without fonts still draws the labels.
  fontFile ??= require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  return fontFile;
}

/** The picture as PNG bytes. */
export function stancesPng(m: StanceMatrix, title: string): { png: Buffer; width: number; height: number } {
  const r = new Resvg(stancesSvg(m, title), {
    font: { loadSystemFonts: false, fontFiles: [font()], defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return { png: r.asPng(), width: r.width, height: r.height };
}
