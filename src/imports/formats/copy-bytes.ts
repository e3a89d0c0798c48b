/**
 * Bytes of COPY text written straight into a buffer from cells of a decoded CSV text (data[from, to)):
 * the fast lane's writers (mef-gasto.lane.ts), each giving what the general path's normalize() and
 * copyLine() give for the cells it accepts, and -1 for any other (left to the general path).
 */

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
const DASH = 45;
const DOT = 46;
export const ZERO = 48;
const BACKSLASH = 92;
/** COPY's NULL: \N */
export const NULL_TEXT = [BACKSLASH, 78];

/** The digits of data[from, to) as a number: at most `digits` of them (two by default), else -1. */
export function smallNumber(data: string, from: number, to: number, digits = 2): number {
  if (to <= from || to - from > digits) return -1;
  let value = 0;
  for (let k = from; k < to; k++) {
    const c = data.charCodeAt(k) - ZERO;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** A classifier code of 1 to `width` digits, padded with zeros to `width` if `pad`; -1 when not digits. */
export function writeCode(data: string, from: number, to: number, width: number, pad: boolean, buf: Buffer, o: number): number {
  const length = to - from;
  if (length < 1 || length > width) return -1;
  if (pad) for (let k = length; k < width; k++) buf[o++] = ZERO;
  for (let k = from; k < to; k++) {
    const c = data.charCodeAt(k);
    if (c < ZERO || c > ZERO + 9) return -1;
    buf[o++] = c;
  }
  return o;
}

/**
 * An amount written as MEF's open data does (-?digits, up to two decimals: "-1250.5") in canonical
 * form ("-1250.50"), as parseAmount() gives it; -1 for anything else (the general path reads it).
 */
export function writeAmount(data: string, from: number, to: number, buf: Buffer, o: number): number {
  let k = from;
  const negative = k < to && data.charCodeAt(k) === DASH;
  if (negative) k++;
  const intFrom = k;
  while (k < to && isDigit(data.charCodeAt(k))) k++;
  const intTo = k;
  if (intTo === intFrom || intTo - intFrom > 16) return -1;
  let fracFrom = k;
  if (k < to) {
    if (data.charCodeAt(k) !== DOT) return -1;
    fracFrom = ++k;
    while (k < to && isDigit(data.charCodeAt(k))) k++;
    if (k !== to || k === fracFrom || k - fracFrom > 2) return -1;
  }
  let z = intFrom;
  while (z < intTo - 1 && data.charCodeAt(z) === ZERO) z++;
  let zero = intTo - z === 1 && data.charCodeAt(z) === ZERO;
  for (let f = fracFrom; f < to && zero; f++) zero = data.charCodeAt(f) === ZERO;
  if (negative && !zero) buf[o++] = DASH;
  for (let c = z; c < intTo; c++) buf[o++] = data.charCodeAt(c);
  buf[o++] = DOT;
  buf[o++] = fracFrom < to ? data.charCodeAt(fracFrom) : ZERO;
  buf[o++] = fracFrom + 1 < to ? data.charCodeAt(fracFrom + 1) : ZERO;
  return o;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= ZERO + 9;
}

/** A text cell as normalize() reads it: trimmed. */
export function cellText(data: string, from: number, to: number): string {
  const text = data.slice(from, to);
  if (to === from) return text;
  const first = data.charCodeAt(from);
  const last = data.charCodeAt(to - 1);
  return first <= 32 || last <= 32 || first >= 0x80 || last >= 0x80 ? text.trim() : text;
}

/** A non-negative integer (up to 2^53) in decimal, zero-padded to `width` digits. */
export function writeInteger(buf: Buffer, o: number, value: number, width = 1): number {
  if (value >= 1e8) {
    // in two halves of small integers: the arithmetic of doubles above 2^31 is several times slower
    const high = Math.floor(value / 1e8);
    return writeSmall(buf, writeSmall(buf, o, high, width - 8), value - high * 1e8, 8);
  }
  return writeSmall(buf, o, value, width);
}

function writeSmall(buf: Buffer, o: number, value: number, width: number): number {
  let digits = 1;
  for (let p = 10; p <= value; p *= 10) digits++;
  if (digits < width) digits = width;
  const end = o + digits;
  for (let k = end - 1; k >= o; k--) {
    const next = (value / 10) | 0;
    buf[k] = ZERO + value - next * 10;
    value = next;
  }
  return end;
}

export function writeBytes(buf: Buffer, o: number, bytes: number[]): number {
  for (const b of bytes) buf[o++] = b;
  return o;
}

/** Text as UTF-8 COPY text: backslash, tab and line breaks escaped, as copyText() does. */
export function writeText(buf: Buffer, o: number, text: string): number {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) {
      if (c > CR && c !== BACKSLASH) buf[o++] = c;
      else if (c === BACKSLASH) {
        buf[o++] = BACKSLASH;
        buf[o++] = BACKSLASH;
      } else if (c === TAB) {
        buf[o++] = BACKSLASH;
        buf[o++] = 116;
      } else if (c === LF) {
        buf[o++] = BACKSLASH;
        buf[o++] = 110;
      } else if (c === CR) {
        buf[o++] = BACKSLASH;
        buf[o++] = 114;
      } else buf[o++] = c;
    } else if (c < 0x800) {
      buf[o++] = 0xc0 | (c >> 6);
      buf[o++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(k + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        buf[o++] = 0xf0 | (point >> 18);
        buf[o++] = 0x80 | ((point >> 12) & 0x3f);
        buf[o++] = 0x80 | ((point >> 6) & 0x3f);
        buf[o++] = 0x80 | (point & 0x3f);
        k++;
      } else {
        // a lone surrogate, as Buffer.write encodes it: U+FFFD
        buf[o++] = 0xef;
        buf[o++] = 0xbf;
        buf[o++] = 0xbd;
      }
    } else {
      buf[o++] = 0xe0 | (c >> 12);
      buf[o++] = 0x80 | ((c >> 6) & 0x3f);
      buf[o++] = 0x80 | (c & 0x3f);
    }
  }
  return o;
}
