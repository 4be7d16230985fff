/**
 * Source positions. Inside mtalint a range is a file plus 0-based, half-open
 * character offsets; 1-based line/column (exclusive endColumn, as ESLint and
 * SARIF use) are computed only when a finding is rendered.
 */
export interface Range {
  /** Path of the file the text was written in (as given by the user or resolved from an include). */
  file: string;
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset one past the last character. */
  end: number;
}

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units (as editors and SARIF do). */
  column: number;
}

export interface LineColumnRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The index of the last element of ascending `sorted` that is not above `value` (0 when none is). */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The text of one configuration file with a line index for offset → line/column. */
export class SourceFile {
  readonly lineStarts: number[];
  /**
   * The file began with a UTF-8 byte order mark, which `text` leaves out (so
   * columns count from the first visible character). Postfix and Exim do not
   * skip it: they read it as part of the first line.
   */
  readonly bom: boolean;

  constructor(
    readonly path: string,
    readonly text: string,
    options: { bom?: boolean } = {},
  ) {
    this.bom = options.bom === true;
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /** 1-based line and column of a 0-based offset. */
  positionAt(offset: number): Position {
    const line = lastAtOrBefore(this.lineStarts, offset);
    return { line: line + 1, column: offset - this.lineStarts[line]! + 1 };
  }

  /** 0-based offset of the start of a 1-based line. */
  offsetOfLine(line: number): number {
    return this.lineStarts[Math.min(Math.max(line - 1, 0), this.lineStarts.length - 1)]!;
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.offsetOfLine(line);
    const next = line < this.lineStarts.length ? this.lineStarts[line]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, "");
  }

  range(start: number, end: number): Range {
    return { file: this.path, start, end };
  }

  lineColumn(range: Range): LineColumnRange {
    const s = this.positionAt(range.start);
    const e = this.positionAt(Math.max(range.end, range.start));
    return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }
}

/**
 * Chevrotain tokens carry inclusive end offsets; this converts once, here.
 * A token with NaN offsets (inserted by error recovery) yields an empty range at `fallback`.
 */
export function tokenRange(
  file: string,
  token: { startOffset: number; endOffset?: number | undefined },
  fallback = 0,
): Range {
  if (Number.isNaN(token.startOffset)) return { file, start: fallback, end: fallback };
  const end = token.endOffset === undefined || Number.isNaN(token.endOffset) ? token.startOffset : token.endOffset + 1;
  return { file, start: token.startOffset, end };
}

export function spanRanges(a: Range, b: Range): Range {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
