/**
 * Text whose every character remembers where it was written: physical lines
 * after macro substitution, and the logical lines built from them. The map
 * is kept as runs (one per piece of a physical line, one per macro value),
 * not one object per character, so a 10 MB line costs a handful of runs.
 */
import { lastAtOrBefore, type Range } from "../ast/range.js";

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
  /**
   * The runs, and offsets[i] the text offset where runs[i] begins; null
   * while the map has at most one run (`solo`, at offset 0): most lines are
   * one piece of one physical line, and a 6 MB file has ~200,000 of them.
   */
  private runs: Run[] | null;
  private offsets: number[] | null;
  private solo: Run | null;

  private constructor(
    solo: Run | null,
    private size: number,
  ) {
    this.solo = solo;
    this.runs = null;
    this.offsets = null;
  }

  get length(): number {
    return this.size;
  }

  static empty(): CharMap {
    return new CharMap(null, 0);
  }

  /** `len` characters written at file offsets start.. start+len. */
  static copied(file: string, start: number, len: number, via?: string[]): CharMap {
    if (len <= 0) return CharMap.empty();
    return new CharMap(via ? { len, file, start, end: start + len, copied: true, via } : { len, file, start, end: start + len, copied: true }, len);
  }

  /** `len` characters that all stand for one span of the source (a macro's value). */
  static spanning(src: CharSource, len: number): CharMap {
    if (len <= 0) return CharMap.empty();
    return new CharMap({ len, file: src.file, start: src.start, end: src.end, copied: false, ...(src.via ? { via: src.via } : {}) }, len);
  }

  private runCount(): number {
    return this.runs ? this.runs.length : this.solo ? 1 : 0;
  }

  private runAt(r: number): Run {
    return this.runs ? this.runs[r]! : this.solo!;
  }

  private offsetAt(r: number): number {
    return this.offsets ? this.offsets[r]! : 0;
  }

  /** Where character i was written. */
  at(i: number): CharSource | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const r = this.runIndex(i);
    const run = this.runAt(r);
    const start = run.copied ? run.start + (i - this.offsetAt(r)) : run.start;
    const end = run.copied ? start + 1 : run.end;
    // Built directly, not by spreading: every token's range maps through here (half of an Exim parse).
    return run.via ? { file: run.file, via: run.via, start, end } : { file: run.file, start, end };
  }

  /**
   * The source range of characters [a, b): from where the first was written to
   * where the last was (only the first's when they lie in different files or
   * out of order); an empty range at the first for b <= a; undefined for an
   * empty map. Computed from the runs, without a CharSource per end: every
   * token's range maps through here.
   */
  rangeOf(a: number, b: number): Range | undefined {
    const size = this.size;
    if (size === 0) return undefined;
    const fa = a >= 0 && a < size ? a : size - 1;
    let r = this.runIndex(fa);
    let run = this.runAt(r);
    const file = run.file;
    const start = run.copied ? run.start + (fa - this.offsetAt(r)) : run.start;
    const end = run.copied ? start + 1 : run.end;
    if (b <= a) return { file, start, end: start };
    const lb = Math.min(b, size) - 1;
    r = this.runIndex(lb);
    run = this.runAt(r);
    const lastEnd = run.copied ? run.start + (lb - this.offsetAt(r)) + 1 : run.end;
    if (run.file !== file || lastEnd < start) return { file, start, end };
    return { file, start, end: Math.max(end, lastEnd) };
  }

  /** The include/macro chain of the first character in [a, b) that has one. */
  viaIn(a: number, b: number): string[] | undefined {
    if (a >= this.length || b <= a) return undefined;
    const n = this.runCount();
    for (let r = this.runIndex(Math.max(0, a)); r < n && this.offsetAt(r) < b; r++) {
      const v = this.runAt(r).via;
      if (v?.length) return v;
    }
    return undefined;
  }

  /** Characters [from, to) as a new map. */
  slice(from: number, to = this.length): CharMap {
    from = Math.max(0, from);
    to = Math.min(this.length, to);
    if (to <= from) return CharMap.empty();
    const out = CharMap.empty();
    const n = this.runCount();
    for (let r = this.runIndex(from); r < n && this.offsetAt(r) < to; r++) {
      const run = this.runAt(r);
      const off = this.offsetAt(r);
      const a = Math.max(from, off) - off;
      const b = Math.min(to, off + run.len) - off;
      out.push(run.copied ? { ...run, len: b - a, start: run.start + a, end: run.start + b } : { ...run, len: b - a });
    }
    return out;
  }

  /** Appends the other map's characters to this one (in place: a long run of continuation lines stays linear). */
  append(other: CharMap): this {
    const n = other.runCount();
    for (let r = 0; r < n; r++) this.push(other.runAt(r));
    return this;
  }

  private push(run: Run): void {
    if (this.runs === null) {
      if (this.solo === null) {
        this.solo = run;
        this.size = run.len;
        return;
      }
      this.runs = [this.solo];
      this.offsets = [0];
      this.solo = null;
    }
    this.runs.push(run);
    this.offsets!.push(this.size);
    this.size += run.len;
  }

  private runIndex(i: number): number {
    return this.offsets === null ? 0 : lastAtOrBefore(this.offsets, i);
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
  return line.chars.rangeOf(a, b) ?? line.firstRange;
}

/** The include/macro chain of a span, if any of its characters came through one. */
export function viaOf(line: LogicalLine, a: number, b: number): string[] | undefined {
  return line.chars.viaIn(a, b);
}
