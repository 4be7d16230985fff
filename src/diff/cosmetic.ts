/**
 * Textual changes without meaning: for file pairs no semantic change points
 * into, say what kind of edit it was. Both MTAs read "#" at the start of a
 * line as a comment; Postfix continues a line that starts with whitespace
 * (postconf(5)), Exim one that ends with "\" (spec 6.2).
 */
import type { ConfigKind } from "../detect.js";
import type { FilePair } from "./files.js";
import type { CosmeticChange, CosmeticKind, SemanticChange } from "./types.js";

function comments(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => /^\s*#/.test(l)).map((l) => l.trim());
}

/** Logical lines without comments and blank lines, whitespace collapsed (also around "="). */
function logicalLines(kind: ConfigKind, text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) || raw.trim() === "") {
      joinNext = false;
      continue;
    }
    let line = raw;
    const continues = kind === "postfix" ? /^\s/.test(raw) && out.length > 0 : joinNext;
    if (kind === "exim") {
      joinNext = /\\\s*$/.test(raw);
      if (joinNext) line = raw.replace(/\\\s*$/, "");
    }
    // Postfix separates list elements with whitespace or commas alike (postconf(5)).
    const spaced = kind === "postfix" ? line.replace(/,/g, " ") : line;
    const norm = spaced.replace(/\s+/g, " ").trim().replace(/\s*=\s*/, " = ");
    if (continues && out.length > 0) out[out.length - 1] = `${out[out.length - 1]} ${norm}`.replace(/\s+/g, " ");
    else out.push(norm);
  }
  return out;
}

export function classifyCosmetic(kind: ConfigKind, pairs: FilePair[], changes: SemanticChange[]): CosmeticChange[] {
  const touched = new Set<string>();
  for (const c of changes) {
    if (!c.effective) continue;
    if (c.beforeRange) touched.add(c.beforeRange.file);
    if (c.afterRange) touched.add(c.afterRange.file);
  }
  const out: CosmeticChange[] = [];
  for (const p of pairs) {
    if (!p.before || !p.after || p.before.text === p.after.text) continue;
    if (touched.has(p.before.path) || touched.has(p.after.path)) continue;
    const kinds: CosmeticKind[] = [];
    if (comments(p.before.text).join("\n") !== comments(p.after.text).join("\n")) kinds.push("comments");
    const lb = logicalLines(kind, p.before.text);
    const la = logicalLines(kind, p.after.text);
    const rawB = p.before.text.split(/\r?\n/).filter((l) => !/^\s*#/.test(l) && l.trim() !== "");
    const rawA = p.after.text.split(/\r?\n/).filter((l) => !/^\s*#/.test(l) && l.trim() !== "");
    if (lb.join("\n") === la.join("\n")) {
      if (rawB.join("\n") !== rawA.join("\n")) kinds.push("whitespace and line layout");
    } else if ([...lb].sort().join("\n") === [...la].sort().join("\n")) {
      kinds.push("order of independent settings");
      if (rawB.slice().sort().join("\n") !== rawA.slice().sort().join("\n")) kinds.push("whitespace and line layout");
    } else kinds.push("other text without effect");
    out.push({ beforeFile: p.before.path, afterFile: p.after.path, kinds });
  }
  return out;
}
