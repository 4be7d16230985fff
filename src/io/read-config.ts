import { readFileSync, statSync } from "node:fs";
import { SourceFile } from "../ast/range.js";
import { InputError } from "../errors.js";

/** Longest physical line accepted; longer ones are almost certainly not a config file. */
export const MAX_LINE_LENGTH = 256 * 1024;
/** Largest file accepted. */
export const MAX_FILE_SIZE = 64 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Read a config file as text, refusing what no MTA config can be. Errors
 * carry the path and, where it applies, the line.
 */
export function readConfigFile(path: string): SourceFile {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(path, "is a directory, expected a file");
    if (st.size > MAX_FILE_SIZE) throw new InputError(path, `file is too large (${st.size} bytes)`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, describeFsError(e));
  }
  return decodeConfig(path, bytes);
}

export function decodeConfig(path: string, bytes: Uint8Array): SourceFile {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new InputError(path, "binary file (contains a NUL byte), not a configuration file", lineOfByte(bytes, nul));
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new InputError(path, "invalid UTF-8, not a text configuration file", lineOfByte(bytes, firstInvalidUtf8(bytes)));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let lineNo = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      if (i - start > MAX_LINE_LENGTH) {
        throw new InputError(path, `line is ${i - start} characters long (limit ${MAX_LINE_LENGTH}); not a configuration file`, lineNo);
      }
      lineNo++;
      start = i + 1;
    }
  }
  return new SourceFile(path, text);
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
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on prefixes; a prefix cut inside a valid sequence is tolerated with stream mode.
  const dec = () => new TextDecoder("utf-8", { fatal: true });
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      dec().decode(bytes.subarray(0, mid), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return Math.max(0, lo - 1);
}
