#!/usr/bin/env node
// Writes docs/rules/<kind>/<name>.md and docs/rules/README.md from the rules'
// metadata (run via `npm run docs`, which builds first). Each page also shows
// what `mtalint lint` reports for its example (src/docs/example.ts), so a
// changed message needs a rerun too. Pages of removed rules are deleted.
// test/docs/docs.test.ts fails when these files are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ruleDocs } from "../dist/src/docs/catalog.js";
import { renderDocsTree } from "../dist/src/docs/render.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "docs", "rules");
const tree = renderDocsTree(ruleDocs());

function existing(dir) {
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? existing(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : []));
}

for (const file of existing(outDir)) {
  const rel = relative(outDir, file).split("\\").join("/");
  if (!tree.has(rel)) {
    rmSync(file);
    console.log(`removed docs/rules/${rel}`);
  }
}
for (const [rel, text] of tree) {
  const file = join(outDir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
console.log(`wrote ${tree.size} files under docs/rules/`);
