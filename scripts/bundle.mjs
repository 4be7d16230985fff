#!/usr/bin/env node
// Single-file build for mail servers: dist/mtalint.cjs runs with nothing but Node
// (no node_modules): `node mtalint.cjs lint /etc/postfix`.
// esbuild bundles the TypeScript sources and the npm dependencies into one CommonJS file.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const outfile = join(root, "dist/mtalint.cjs");

await build({
  entryPoints: [join(root, "src/cli/bin.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: `node${pkg.engines.node.replace(/[^0-9.]/g, "").split(".")[0]}`,
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
});
console.log(`bundle: ${outfile}`);
