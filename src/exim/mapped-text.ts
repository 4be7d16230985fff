/**
 * Text whose every character remembers where it was written: physical lines
 * after macro substitution, and the logical lines built from them. The map
 * is kept as runs (one per piece of a physical line, one per macro value),
 * not one object per character, so a 10 MB line costs a handful of runs.
 */
import type { Range } from "../ast/range.js";

/** One logical line; chars.at(i) tells where text[i] was written. */
export interface LogicalLine {
  text: string;
  chars: CharMap;
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

/**
 * A run of characters: `copied` runs map character k to source offset
 * start + k; a macro's value maps every character to the macro name's span.
 */
interface Run {
  len: number;
  file: string;
  start: number;
  end: number;
  copied: boolean;
  via?: string[];
}

export class CharMap {
  private constructor(
    private readonly runs: Run[],
    /** offsets[i]: text offset where runs[i] begins. */
    private readonly offsets: number[],
    private size: number,
  ) {}

  get length(): number {
    return this.size;
  }

  static empty(): CharMap {
    return new CharMap([], [], 0);
  }

  /** `len` characters written at file offsets start.. start+len. */
  static copied(file: string, start: number, len: number, via?: string[]): CharMap {
    if (len <= 0) return CharMap.empty();
    return new CharMap([{ len, file, start, end: start + len, copied: true, ...(via ? { via } : {}) }], [0], len);
  }

  /** `len` characters that all stand for one span of the source (a macro's value). */
  static spanning(src: CharSource, len: number): CharMap {
    if (len <= 0) return CharMap.empty();
    return new CharMap([{ len, file: src.file, start: src.start, end: src.end, copied: false, ...(src.via ? { via: src.via } : {}) }], [0], len);
  }

  /** Where character i was written. */
  at(i: number): CharSource | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const r = this.runIndex(i);
    const run = this.runs[r]!;
    const start = run.copied ? run.start + (i - this.offsets[r]!) : run.start;
    const end = run.copied ? start + 1 : run.end;
    // Built directly, not by spreading: every token's range maps through here (half of an Exim parse).
    return run.via ? { file: run.file, via: run.via, start, end } : { file: run.file, start, end };
  }

  /** The include/macro chain of the first character in [a, b) that has one. */
  viaIn(a: number, b: number): string[] | undefined {
    if (a >= this.length || b <= a) return undefined;
    for (let r = this.runIndex(Math.max(0, a)); r < this.runs.length && this.offsets[r]! < b; r++) {
      const v = this.runs[r]!.via;
      if (v?.length) return v;
    }
    return undefined;
  }

  /** Characters [from, to) as a new map. */
  slice(from: number, to = this.length): CharMap {
    from = Math.max(0, from);
    to = Math.min(this.length, to);
    if (to <= from) return CharMap.empty();
    const runs: Run[] = [];
    const offsets: number[] = [];
    let pos = 0;
    for (let r = this.runIndex(from); r < this.runs.length && this.offsets[r]! < to; r++) {
      const run = this.runs[r]!;
      const a = Math.max(from, this.offsets[r]!) - this.offsets[r]!;
      const b = Math.min(to, this.offsets[r]! + run.len) - this.offsets[r]!;
      const piece = run.copied ? { ...run, len: b - a, start: run.start + a, end: run.start + b } : { ...run, len: b - a };
      runs.push(piece);
      offsets.push(pos);
      pos += piece.len;
    }
    return new CharMap(runs, offsets, pos);
  }

  /** Appends the other map's characters to this one (in place: a long run of continuation lines stays linear). */
  append(other: CharMap): this {
    for (const run of other.runs) {
      this.runs.push(run);
      this.offsets.push(this.size);
      this.size += run.len;
    }
    return this;
  }

  private runIndex(i: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** A physical line being assembled: text plus where each character came from. */
export class MappedText {
  constructor(
    public text: string,
    public chars: CharMap,
  ) {}

  /**
   * Replaces every occurrence of `name` at or after `from` with `value`, left
   * to right, never rescanning an inserted value; returns whether any was found.
   */
  replaceAll(name: string, value: string, from: number, via: string): boolean {
    let p = this.text.indexOf(name, from);
    if (p < 0) return false;
    const textParts: string[] = [];
    const chars = CharMap.empty();
    let done = 0;
    while (p >= 0) {
      textParts.push(this.text.slice(done, p), value);
      const first = this.chars.at(p)!;
      const last = this.chars.at(p + name.length - 1)!;
      chars.append(this.chars.slice(done, p)).append(CharMap.spanning({ file: first.file, start: first.start, end: last.end, via: [...(first.via ?? []), via] }, value.length));
      done = p + name.length;
      p = this.text.indexOf(name, done);
    }
    textParts.push(this.text.slice(done));
    chars.append(this.chars.slice(done));
    this.text = textParts.join("");
    this.chars = chars;
    return true;
  }
}

/** Maps a half-open span of a logical line back to the source. */
export function mapRange(line: LogicalLine, a: number, b: number): Range {
  const first = line.chars.at(a) ?? line.chars.at(line.chars.length - 1);
  if (!first) return line.firstRange;
  if (b <= a) return { file: first.file, start: first.start, end: first.start };
  const last = line.chars.at(Math.min(b, line.chars.length) - 1)!;
  if (last.file !== first.file || last.end < first.start) return { file: first.file, start: first.start, end: first.end };
  return { file: first.file, start: first.start, end: Math.max(first.end, last.end) };
}

/** The include/macro chain of a span, if any of its characters came through one. */
export function viaOf(line: LogicalLine, a: number, b: number): string[] | undefined {
  return line.chars.viaIn(a, b);
}
