/** A run of text with the styles the SGR escape codes before it asked for. */
export interface AnsiSegment {
  text: string;
  style: string;
}

interface Style {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

// xterm's default palette, tuned slightly for a dark log panel.
const BASIC = ['#4d4d4d', '#f0524f', '#5db85b', '#e5b84b', '#4fa6ed', '#c678dd', '#3fb7c7', '#d0d0d0'];
const BRIGHT = ['#808080', '#ff6e6b', '#7ddc7a', '#ffd866', '#75bfff', '#e09bf0', '#67d8e6', '#ffffff'];

const plain = (): Style => ({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });

function color256(n: number): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 255) return null;
  if (n < 8) return BASIC[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

/** Reads `38;5;n` or `38;2;r;g;b` starting at codes[i]; returns the colour and how many codes it used. */
function extendedColor(codes: number[], i: number): [string | null, number] {
  if (codes[i + 1] === 5) return [color256(codes[i + 2]), 3];
  if (codes[i + 1] === 2) {
    const [r, g, b] = codes.slice(i + 2, i + 5);
    const ok = [r, g, b].every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
    return [ok ? `rgb(${r}, ${g}, ${b})` : null, 5];
  }
  return [null, 1];
}

function apply(style: Style, params: string): Style {
  const next = { ...style };
  const codes = params === '' ? [0] : params.split(';').map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) Object.assign(next, plain());
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code >= 30 && code <= 37) next.fg = BASIC[code - 30];
    else if (code >= 90 && code <= 97) next.fg = BRIGHT[code - 90];
    else if (code === 39) next.fg = null;
    else if (code >= 40 && code <= 47) next.bg = BASIC[code - 40];
    else if (code >= 100 && code <= 107) next.bg = BRIGHT[code - 100];
    else if (code === 49) next.bg = null;
    else if (code === 38 || code === 48) {
      const [color, used] = extendedColor(codes, i);
      if (code === 38) next.fg = color;
      else next.bg = color;
      i += used - 1;
    }
  }
  return next;
}

function css(style: Style): string {
  const fg = style.inverse ? (style.bg ?? 'var(--log-bg)') : style.fg;
  const bg = style.inverse ? (style.fg ?? 'var(--log-fg)') : style.bg;
  const parts: string[] = [];
  if (fg) parts.push(`color: ${fg}`);
  if (bg) parts.push(`background-color: ${bg}`);
  if (style.bold) parts.push('font-weight: bold');
  if (style.dim) parts.push('opacity: 0.7');
  if (style.italic) parts.push('font-style: italic');
  if (style.underline) parts.push('text-decoration: underline');
  return parts.join('; ');
}

// CSI sequences (ESC [ params final-byte) and OSC sequences (ESC ] ... BEL or ESC \).
const ESCAPE = /\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;

/**
 * Splits a log line into styled segments. Only SGR (`ESC[...m`) changes the style; every
 * other escape sequence is dropped. The text is never interpreted as HTML.
 */
export function ansiToSegments(line: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let style = plain();
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const styleCss = css(style);
    const previous = segments.at(-1);
    if (previous && previous.style === styleCss) previous.text += text;
    else segments.push({ text, style: styleCss });
  };
  for (const match of line.matchAll(ESCAPE)) {
    push(line.slice(last, match.index));
    if (match[2] === 'm') style = apply(style, match[1]);
    last = match.index + match[0].length;
  }
  // A lone ESC left over (a truncated sequence) would show as a box: drop it.
  push(line.slice(last).replaceAll('\x1b', ''));
  return segments;
}

/** The line without any escape sequence, for searching and copying. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPE, '').replaceAll('\x1b', '');
}
