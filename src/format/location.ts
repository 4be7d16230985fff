/** Where a finding is, as formatters print it: 1-based line/column (exclusive endColumn) and a display path. */
import { isAbsolute, relative, sep } from "node:path";
import type { LineColumnRange, Range } from "../ast/range.js";
import type { FileResult } from "../lint.js";

/** Line/column of a range in its file; line 1 column 1 when the file's text was not kept. */
export function locate(file: FileResult, range: Range): LineColumnRange {
  if (file.source && file.source.path === range.file) return file.source.lineColumn(range);
  return { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** Relative to `cwd` (with "/") when the file is inside it, else the absolute path. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return path;
  return rel.split(sep).join("/");
}
