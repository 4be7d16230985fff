import { isAbsolute, relative } from "node:path";

/** True when `path` is `root` or lies under it (both resolved the same way: both real, or both as given). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !rel.startsWith("..") && !isAbsolute(rel);
}
