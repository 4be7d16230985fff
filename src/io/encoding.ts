/**
 * Bytes of a config file ↔ the text mtalint parses. Postfix and Exim read
 * bytes, not characters: a Latin-1 "é" (0xE9) is just a byte to them. So
 * valid UTF-8 is decoded as UTF-8, and every byte that is not part of valid
 * UTF-8 becomes one UTF-16 code unit U+DC00+byte (the "surrogateescape"
 * scheme Python uses for file names). A Latin-1 file then has exactly one
 * character, and one column, per byte, and `configBytes` gives back the
 * bytes that were read, for output that must equal what postconf and exim
 * print.
 */

const utf8 = new TextDecoder("utf-8", { fatal: true });

const ESCAPE_BASE = 0xdc00;

/** Valid UTF-8 as text; any other byte b as the lone surrogate U+DC00+b. */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Not valid UTF-8: decode the valid runs and escape the bytes between them.
  }
  const parts: string[] = [];
  let run = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > run) parts.push(utf8.decode(bytes.subarray(run, end)));
  };
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    flush(i);
    parts.push(String.fromCharCode(ESCAPE_BASE + bytes[i]!));
    i++;
    run = i;
  }
  flush(i);
  return parts.join("");
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629, Unicode table 3-7), or 0. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** True if the text holds bytes that were not valid UTF-8. */
export function hasEscapedBytes(text: string): boolean {
  return /(?<![\ud800-\udbff])[\udc80-\udcff]/.test(text);
}

/** The bytes a text stands for: UTF-8, with each escaped byte written back as itself. */
export function configBytes(text: string): Buffer {
  if (!hasEscapedBytes(text)) return Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc80 || c > 0xdcff) continue;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (prev >= 0xd800 && prev <= 0xdbff) continue; // the low half of a real surrogate pair
    if (i > run) parts.push(Buffer.from(text.slice(run, i), "utf8"));
    parts.push(Buffer.of(c - ESCAPE_BASE));
    run = i + 1;
  }
  if (run < text.length) parts.push(Buffer.from(text.slice(run), "utf8"));
  return Buffer.concat(parts);
}
