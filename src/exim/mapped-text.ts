/**
 * Text whose every character remembers where it was written: physical lines
 * after macro substitution, and the logical lines built from them.
 */
import type { Range } from "../ast/range.js";

/** One logical line; chars[i] tells where text[i] was written. */
export interface LogicalLine {
  text: string;
  chars: CharSource[];
  /** Range of the whole logical line's first physical line (for line-level diagnostics). */
  firstRange: Range;
  /** A macro definition stood here: it ends the ACL or driver being read (measured: later options are refused). */
  macroBreak?: boolean;
}

export interface CharSource {
  file: string;
  start: number;
  end: number;
  /** Include chain and macro that produced this character, outermost first. */
  via?: string[];
}

export /** A physical line being assembled: text plus where each character came from. */
class MappedText {
  constructor(
    public text: string,
    public chars: CharSource[],
  ) {}

  replace(at: number, len: number, value: string, via: string): void {
    const first = this.chars[at]!;
    const last = this.chars[at + len - 1]!;
    const src: CharSource = { file: first.file, start: first.start, end: last.end, via: [...(first.via ?? []), via] };
    this.text = this.text.slice(0, at) + value + this.text.slice(at + len);
    this.chars.splice(at, len, ...Array.from({ length: value.length }, () => src));
  }
}

/** Maps a half-open span of a logical line back to the source. */
export function mapRange(line: LogicalLine, a: number, b: number): Range {
  const first = line.chars[a] ?? line.chars.at(-1);
  if (!first) return line.firstRange;
  if (b <= a) return { file: first.file, start: first.start, end: first.start };
  const last = line.chars[Math.min(b, line.chars.length) - 1]!;
  if (last.file !== first.file || last.end < first.start) return { file: first.file, start: first.start, end: first.end };
  return { file: first.file, start: first.start, end: Math.max(first.end, last.end) };
}

/** The include/macro chain of a span, if any of its characters came through one. */
export function viaOf(line: LogicalLine, a: number, b: number): string[] | undefined {
  for (let i = a; i < b && i < line.chars.length; i++) {
    const v = line.chars[i]!.via;
    if (v?.length) return v;
  }
  return undefined;
}

