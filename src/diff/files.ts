/**
 * The two sides' files paired by their place in the configuration (main.cf
 * with main.cf, conf.d/acl/30_check_rcpt with its counterpart), for the
 * cosmetic classification and the classic unified diff (--text).
 */
import { statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import type { SourceFile } from "../ast/range.js";

export interface FilePair {
  /** Path relative to the side's root, with "/". */
  name: string;
  before?: SourceFile;
  after?: SourceFile;
}

function root(path: string): string {
  const abs = resolve(path);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return dirname(abs);
  }
}

function relName(rootDir: string, file: string): string {
  return relative(rootDir, resolve(file)).split(sep).join("/");
}

export function pairFiles(beforePath: string, before: SourceFile[], afterPath: string, after: SourceFile[]): FilePair[] {
  const rb = root(beforePath);
  const ra = root(afterPath);
  const pairs = new Map<string, FilePair>();
  // Two single files (exim.conf vs exim4.conf) pair with each other whatever their names.
  const single = before.length === 1 && after.length === 1;
  for (const s of before) {
    const name = single ? relName(ra, after[0]!.path) : relName(rb, s.path);
    pairs.set(name, { name, before: s });
  }
  for (const s of after) {
    const name = relName(ra, s.path);
    const p = pairs.get(name);
    if (p) p.after = s;
    else pairs.set(name, { name, after: s });
  }
  return [...pairs.values()];
}
