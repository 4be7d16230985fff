import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { SourceFile } from "../ast/range.js";
import { InputError } from "../errors.js";
import { decodeBytes } from "./encoding.js";

/** Largest file accepted; a bigger one is not a mail server configuration. */
export const MAX_FILE_SIZE = 64 * 1024 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** The most one read asks for after the first, and the size of the buffer reads that fit share. */
const READ_CHUNK = 64 * 1024;
let scratch: Buffer | undefined;

/**
 * Read a config file as text, refusing what no MTA config can be. Errors
 * carry the path and, where it applies, the line.
 */
export function readConfigFile(path: string, options: ReadOptions = {}): SourceFile {
  return decodeConfig(path, readRegularFile(path, MAX_FILE_SIZE, false, options));
}

export interface ReadOptions {
  /**
   * The caller has just listed the directory and it showed a regular file under this name (a
   * directory entry's own type, not a link's): that answers what the stat before opening would,
   * so it is left out. The descriptor is still checked after opening, exactly as when a file is
   * swapped between the stat and the open.
   */
  listedAsRegularFile?: boolean;
}

/**
 * The bytes of a regular file, at most `limit` of them. Anything else (a
 * directory, FIFO, device, socket) is refused from its stat alone (or from the
 * listing the caller just read, see ReadOptions), before it is opened: opening
 * a FIFO without a writer blocks, and /dev/zero never ends. The file is then
 * opened non-blocking and checked again through the descriptor, so a swap
 * between the two checks cannot make mtalint block; the size is not trusted
 * either (files under /proc report 0), reading stops past `limit`.
 */
export function readRegularFile(path: string, limit = MAX_FILE_SIZE, truncate = false, options: ReadOptions = {}): Buffer {
  if (options.listedAsRegularFile !== true) {
    let st: Stats;
    try {
      st = statSync(path);
    } catch (e) {
      throw new InputError(path, describeFsError(e));
    }
    refuseNonRegular(path, st);
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw new InputError(path, describeFsError(e));
  }
  try {
    const fst = fstatSync(fd);
    refuseNonRegular(path, fst);
    if (fst.size > limit && !truncate) throw new InputError(path, tooLarge(fst.size));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The first read asks for the whole file and one byte more (the size may be stale, or 0 under /proc);
      // reads that fit go through one reused buffer and keep a copy of what they got, so a small file
      // costs its own size rather than a fresh 64 KB buffer per read.
      const sized = total === 0 && fst.size > 0;
      const want = Math.min(sized ? fst.size + 1 : READ_CHUNK, limit + 1 - total);
      if (want <= 0) break;
      const buf = want <= READ_CHUNK ? (scratch ??= Buffer.allocUnsafeSlow(READ_CHUNK)) : Buffer.allocUnsafe(want);
      const n = readSync(fd, buf, 0, want, null);
      if (n === 0) break;
      chunks.push(buf === scratch ? Buffer.from(buf.subarray(0, n)) : n === want ? buf : buf.subarray(0, n));
      total += n;
      // read(2) gives a regular file less than it asked for only at the end of the file: a file that
      // did not grow since its fstat is read in one call (a second would only return 0).
      if (sized && n < want) break;
    }
    if (total > limit) {
      if (!truncate) throw new InputError(path, tooLarge(limit, true));
      return Buffer.concat(chunks).subarray(0, limit);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, describeFsError(e));
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, atLeast = false): string {
  return `file is too large (${atLeast ? "more than " : ""}${size} bytes; limit ${MAX_FILE_SIZE}); not a configuration file`;
}

/** Why a path that is not a regular file is refused, or undefined for a regular file. */
export function notRegularReason(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return "is a directory, expected a file";
  if (st.isFIFO()) return "is a FIFO (named pipe), not a regular file; mtalint does not read it";
  if (st.isCharacterDevice()) return "is a character device, not a regular file; mtalint does not read it";
  if (st.isBlockDevice()) return "is a block device, not a regular file; mtalint does not read it";
  if (st.isSocket()) return "is a socket, not a regular file; mtalint does not read it";
  return "is not a regular file; mtalint does not read it";
}

function refuseNonRegular(path: string, st: Stats): void {
  const reason = notRegularReason(st);
  if (reason) throw new InputError(path, reason);
}

/**
 * Bytes → SourceFile. A NUL byte makes the file binary: Postfix and Exim
 * would silently drop the rest of that line (both read C strings), so the
 * file does not mean what it shows. A UTF-8 byte order mark is taken off
 * the text (so columns count from the first visible character) and kept as
 * `bom`, because both MTAs read it as part of the first line. Bytes that are
 * not UTF-8 (Latin-1 text) are kept one character per byte (see encoding.ts).
 */
export function decodeConfig(path: string, bytes: Uint8Array): SourceFile {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new InputError(path, "binary file (contains a NUL byte), not a configuration file", lineOfByte(bytes, nul));
  }
  const bom = bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
  const text = decodeBytes(bom ? bytes.subarray(3) : bytes);
  return new SourceFile(path, text, bom ? { bom } : {});
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, expected a file";
    case "ENOTDIR":
      return "a component of the path is not a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENAMETOOLONG":
      return "file name too long";
    case "EIO":
      return "input/output error while reading";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    default: {
      const message = e instanceof Error ? e.message : String(e);
      return message.split("\n")[0]!;
    }
  }
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}
