/**
 * JSON written piece by piece. A report with millions of findings is larger
 * than the longest string JavaScript can hold (about 512 MiB), so the JSON
 * and SARIF reports are never built as one string: they go out in chunks of
 * about CHUNK_SIZE characters, byte for byte what
 * `JSON.stringify(value, null, 2)` would give.
 */

/** Receives the report in order, one chunk at a time. */
export type Sink = (chunk: string) => void;

export const CHUNK_SIZE = 1 << 16;

/** Collects small pieces and hands them to the sink in chunks of about `size` characters. */
export class ChunkWriter {
  private pieces: string[] = [];
  private length = 0;

  constructor(
    private readonly sink: Sink,
    private readonly size = CHUNK_SIZE,
  ) {}

  write(piece: string): void {
    if (piece.length >= this.size) {
      // A piece as large as a chunk goes out on its own, after what was collected before it.
      this.flush();
      this.sink(piece);
      return;
    }
    if (this.length + piece.length > this.size) this.flush();
    this.pieces.push(piece);
    this.length += piece.length;
  }

  flush(): void {
    if (this.length === 0) return;
    const chunk = this.pieces.join("");
    this.pieces = [];
    this.length = 0;
    this.sink(chunk);
  }
}

/**
 * An array whose items are made only as they are written: a report does not
 * hold a second copy of every finding. `count` is known up front (an empty
 * array is written "[]").
 */
export class LazyArray<T = unknown> {
  constructor(
    readonly count: number,
    readonly items: () => Iterable<T>,
  ) {}

  /** Maps `source` item by item when written. */
  static map<S, T>(source: readonly S[], f: (item: S) => T): LazyArray<T> {
    return new LazyArray(source.length, function* () {
      for (const s of source) yield f(s);
    });
  }
}

/** Strings and nodes a value may hold to be written by one JSON.stringify call. */
const SMALL = 2048;

/**
 * The size left of `budget` after a small value (strings by length, other nodes 8 each), or -1 when
 * it is larger or holds a LazyArray or a toJSON method: such a value is written part by part, so no
 * piece of the output is much longer than the longest string in it.
 */
function smallness(v: unknown, budget: number): number {
  if (typeof v === "string") return budget - v.length;
  if (v === null || typeof v !== "object") return budget - 8;
  if (v instanceof LazyArray || typeof (v as { toJSON?: unknown }).toJSON === "function") return -1;
  let left = budget - 8;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    left = smallness(x, left);
    if (left < 0) return -1;
  }
  return left;
}

/**
 * JSON.stringify(value, null, 2) with every line but the first indented by `depth` levels, as it
 * stands inside its containers: the value is written inside `depth` arrays and taken out of their
 * text, which costs less than indenting a copy of the text afterwards.
 */
function indented(value: object, depth: number): string {
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Before the value: "[\n" and the indentation of the next level, for each array (d² + 3d
  // characters); after it: "\n", the indentation of that level and "]" (d² + d).
  return text.slice(depth * depth + 3 * depth, text.length - depth * depth - depth);
}

function pad(depth: number): string {
  return "  ".repeat(depth);
}

/**
 * Write `value` as `JSON.stringify(value, null, 2)` would (without the
 * final newline). LazyArray values are written as arrays.
 */
export function writeJson(value: unknown, out: ChunkWriter, depth = 0, key = ""): void {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  if (value === null || typeof value !== "object") {
    // Top-level undefined, functions and symbols have no JSON text; in an array they are null (see below).
    out.write(JSON.stringify(value) ?? "null");
    return;
  }
  // Small values (a finding, a location) in one call: JSON.stringify is much faster than this walk.
  if (smallness(value, SMALL) >= 0) {
    out.write(depth === 0 ? JSON.stringify(value, null, 2) : indented(value, depth));
    return;
  }
  if (value instanceof LazyArray || Array.isArray(value)) {
    let first = true;
    let i = 0;
    const items: Iterable<unknown> = value instanceof LazyArray ? value.items() : value;
    for (const item of items) {
      out.write(first ? `[\n${pad(depth + 1)}` : `,\n${pad(depth + 1)}`);
      first = false;
      const v = item === undefined || typeof item === "function" || typeof item === "symbol" ? null : item;
      writeJson(v, out, depth + 1, String(i++));
    }
    out.write(first ? "[]" : `\n${pad(depth)}]`);
    return;
  }
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    out.write(`${first ? "{\n" : ",\n"}${pad(depth + 1)}${JSON.stringify(k)}: `);
    first = false;
    writeJson(v, out, depth + 1, k);
  }
  out.write(first ? "{}" : `\n${pad(depth)}}`);
}

/** `JSON.stringify(value, null, 2) + "\n"`, in chunks of about `chunkSize` characters. */
export function streamJson(value: unknown, sink: Sink, chunkSize = CHUNK_SIZE): void {
  const out = new ChunkWriter(sink, chunkSize);
  writeJson(value, out);
  out.write("\n");
  out.flush();
}

/** All chunks joined: for small reports and the library API. */
export function collect(write: (sink: Sink) => void): string {
  const parts: string[] = [];
  write((c) => parts.push(c));
  return parts.join("");
}
