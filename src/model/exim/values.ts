/**
 * Exim option values as readconf.c reads and `exim -bP` prints them:
 * quoted strings (spec 6.17), integers with K/M/G (6.13), octal (6.14),
 * fixed point (6.15), time intervals (6.16), booleans (6.12).
 */
import { configBytes } from "../../io/encoding.js";

/** The value of a string option: unquoted text as is; a quoted one with its escapes applied. */
export function readStringValue(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  let out = "";
  let i = 1;
  while (i < raw.length && raw[i] !== '"') {
    const c = raw[i]!;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const n = raw[i + 1];
    i += 2;
    if (n === undefined) break;
    if (n === "n") out += "\n";
    else if (n === "r") out += "\r";
    else if (n === "t") out += "\t";
    // string_interpret_escape() also knows \b \f \v, which spec 6.17 does not list (measured with -bP).
    else if (n === "b") out += "\b";
    else if (n === "f") out += "\f";
    else if (n === "v") out += "\v";
    else if (/[0-7]/.test(n)) {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(raw[i] ?? "")) digits += raw[i++];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (n === "x" && /[0-9a-fA-F]/.test(raw[i] ?? "")) {
      let digits = "";
      while (digits.length < 2 && /[0-9a-fA-F]/.test(raw[i] ?? "")) digits += raw[i++];
      out += String.fromCharCode(parseInt(digits, 16));
    } else out += n;
  }
  return out;
}

/**
 * string_printing(): \n \r \b \v \f \t, other non-printing bytes as \ooo;
 * bytes above 127 too unless print_topbitchars is set (measured with -bP).
 */
export function printableString(s: string, topBitChars = false): string {
  let out = "";
  // configBytes: bytes of a non-UTF-8 file are escaped as they were read (0xE9, not the UTF-8 of "é").
  const bytes = configBytes(s);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (topBitChars && byte >= 0x80) {
      let j = i;
      while (j < bytes.length && bytes[j]! >= 0x80) j++;
      out += bytes.subarray(i, j).toString("utf8");
      i = j - 1;
      continue;
    }
    if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else if (byte === 10) out += "\\n";
    else if (byte === 13) out += "\\r";
    else if (byte === 9) out += "\\t";
    else if (byte === 12) out += "\\f";
    else if (byte === 8) out += "\\b";
    else if (byte === 11) out += "\\v";
    else out += "\\" + byte.toString(8).padStart(3, "0");
  }
  return out;
}

/** readconf's integer: decimal, 0x hex, leading-0 octal, optional K/M/G. */
export function parseEximInt(raw: string): number | undefined {
  const m = /^\s*(-?)(0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([KkMmGg]?)\s*$/.exec(raw);
  if (!m) return undefined;
  const digits = m[2]!;
  let n = digits.startsWith("0x") ? parseInt(digits.slice(2), 16) : digits.startsWith("0") ? parseInt(digits, 8) : parseInt(digits, 10);
  const mult = m[3]!.toUpperCase();
  if (mult === "K") n *= 1024;
  else if (mult === "M") n *= 1024 * 1024;
  else if (mult === "G") n *= 1024 * 1024 * 1024;
  return m[1] ? -n : n;
}

export function parseEximTime(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^(\d+[smhdw]?)+$/.test(text)) return undefined;
  let total = 0;
  for (const part of text.matchAll(/(\d+)([smhdw]?)/g)) {
    const mult = { s: 1, "": 1, m: 60, h: 3600, d: 86400, w: 604800 }[part[2]!]!;
    total += Number(part[1]) * mult;
  }
  return total;
}

/** readconf_printtime(). */
export function formatEximTime(t: number): string {
  if (t < 0) return "-" + formatEximTime(-t);
  if (t === 0) return "0s";
  let out = "";
  for (const [unit, secs] of [["w", 604800], ["d", 86400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(t / secs);
    if (n > 0) out += `${n}${unit}`;
    t -= n * secs;
  }
  return out;
}

/** Fixed point, in thousandths. */
export function parseEximFixed(raw: string): number | undefined {
  const m = /^\s*(\d+)(?:\.(\d{1,3}))?\s*$/.exec(raw);
  if (!m) return undefined;
  return Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
}

export function formatEximFixed(x: number): string {
  const frac = String(x % 1000).padStart(3, "0").replace(/0+$/, "");
  return `${Math.floor(x / 1000)}.${frac || "0"}`;
}

/** opt_mkint: exact multiples of 1024 (or 1024*1024) as K (M). */
export function formatMkInt(x: number): string {
  if (x !== 0 && x % 1024 === 0) {
    x /= 1024;
    if (x % 1024 === 0) return `${x / 1024}M`;
    return `${x}K`;
  }
  return String(x);
}

/** opt_Kint (check_spool_space...): the number is in K, so K multiplies by 1 and M by 1024. */
export function parseEximKInt(raw: string): number | undefined {
  const n = parseEximInt(raw.replace(/[KkMmGg]\s*$/, ""));
  if (n === undefined) return undefined;
  const unit = /([KkMmGg])\s*$/.exec(raw)?.[1]?.toUpperCase();
  return unit === "M" ? n * 1024 : unit === "G" ? n * 1024 * 1024 : n;
}

/** opt_Kint: printed with K, or M for exact multiples of 1024K. */
export function formatKInt(k: number): string {
  if (k !== 0 && k % 1024 === 0) return `${k / 1024}M`;
  return `${k}K`;
}

export function parseEximBool(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (v === "true" || v === "yes") return true;
  if (v === "false" || v === "no") return false;
  return undefined;
}
