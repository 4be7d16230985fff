/**
 * Lines of a log, streamed: a file or stdin is read in chunks and split at
 * "\n" (a trailing "\r" is dropped), so a log of any size is never held in
 * memory. A line longer than MAX_LINE_BYTES (binary data has no line breaks)
 * is cut there and marked; the rest of it is skipped, not buffered.
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

export const MAX_LINE_BYTES = 64 * 1024;

export interface LogLine {
  text: string;
  /** The line was longer than MAX_LINE_BYTES; `text` holds its start only. */
  tooLong: boolean;
}

export async function* readLines(stream: Readable): AsyncGenerator<LogLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  const finishLine = (): LogLine => {
    const buf = Buffer.concat(parts, size);
    parts = [];
    size = 0;
    const line = { text: decode(buf).replace(/\r$/, ""), tooLong };
    tooLong = false;
    return line;
  };
  for await (const chunk of stream) {
    const data: Buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    let from = 0;
    for (;;) {
      const nl = data.indexOf(10, from);
      const end = nl < 0 ? data.length : nl;
      if (!tooLong) {
        const room = MAX_LINE_BYTES - size;
        const piece = data.subarray(from, Math.min(end, from + room));
        if (piece.length) {
          parts.push(piece);
          size += piece.length;
        }
        if (end - from > room) tooLong = true;
      }
      if (nl < 0) break;
      yield finishLine();
      from = nl + 1;
    }
  }
  if (size > 0 || tooLong) yield finishLine();
}

export function readFileLines(path: string): AsyncGenerator<LogLine> {
  return readLines(createReadStream(path, { highWaterMark: 1 << 20 }));
}

/** UTF-8, with invalid bytes shown as U+FFFD (a log is text we only read, never a config we must reject). */
function decode(buf: Buffer): string {
  return new StringDecoder("utf8").end(buf);
}
