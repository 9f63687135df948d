import { inflateSync } from 'node:zlib';
import { PICTURE_LAYOUT, stancesPng, stancesSvg } from '../../src/render/stancesPicture';
import type { StanceMatrix } from '../../src/answers/model';

/** Reads a PNG's header and pixels with no library: signature, IHDR, and the inflated IDAT stream. */
function decodePng(png: Buffer): { width: number; height: number; bytes: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  return { width, height, bytes: inflateSync(Buffer.concat(idat)).length };
}

const matrix: StanceMatrix = {
  issues: ['troops', 'air support', 'sanctions'],
  rows: [
    { actor: 'UK', cells: [{ stance: 'supports' }, { stance: 'conditional' }, {}] },
    { actor: 'US', cells: [{ stance: 'opposes' }, { stance: 'undecided' }, { stance: 'supports' }] },
  ],
};

describe('the /stances picture', () => {
  test('a valid PNG of the expected size, one row per actor and one column per issue', () => {
    const { png, width, height } = stancesPng(matrix, 'Stances');
    const d = decodePng(png);
    const L = PICTURE_LAYOUT;
    expect(d.width).toBe(width);
    expect(d.height).toBe(height);
    expect(width).toBe(L.padding * 2 + L.labelWidth + 3 * L.columnWidth);
    expect(height).toBe(L.header + 2 * L.rowHeight + L.footer);
    // RGBA rows with one filter byte each: the pixel data is all there.
    expect(d.bytes).toBe(height * (width * 4 + 1));
  });
  test('names from documents cannot inject markup into the SVG', () => {
    const svg = stancesSvg({ issues: ['<script>'], rows: [{ actor: 'A&B"<x>', cells: [{}] }] }, '</svg><svg>');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('</svg><svg>');
    expect(svg).toContain('A&amp;B&quot;&lt;x&gt;');
  });
});
