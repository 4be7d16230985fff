#!/usr/bin/env node
// Single-file build: dist/mtalint.cjs runs with nothing but Node (no node_modules):
// `node mtalint.cjs lint /etc/postfix`. esbuild bundles the TypeScript sources and the
// npm dependencies into one minified CommonJS file; `npm run build` runs this after tsc.
// Also writes dist/mtalint-launcher.cjs, which runs the bundle with V8's code cache (as
// dist/src/cli/bin.js does when the bundle is fresh). See docs/performance.md for what
// each choice here saves at start-up.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { chmodSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const outfile = join(root, "dist/mtalint.cjs");
const target = `node${pkg.engines.node.replace(/[^0-9.]/g, "").split(".")[0]}`;

// The entry runs the CLI, as src/cli/bin.ts does without the bundle.
const entry = `"use strict";
import { main } from "./src/cli/main.ts";
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
`;

/**
 * Node built-ins that a dependency imports at load time but mtalint never uses
 * (commander's child_process is only for git-style executable subcommands):
 * loading them costs milliseconds at every start. They are required when first
 * touched instead, so behaviour is unchanged if one ever is used.
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes("node_modules") ? { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" } : undefined,
    );
    // worker_threads is ours, for --jobs only (src/fleet/pool.ts, and worker.ts once the environment says this is a pool thread).
    b.onResolve({ filter: /^(node:)?worker_threads$/ }, (args) =>
      args.namespace === "lazy-builtin" ? undefined : { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" },
    );
    // A getter per export (not a Proxy): esbuild copies an ES module import's names from the module's own keys.
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(`node:${args.path}`)).filter((n) => n !== "default");
      const getters = names.map((n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`);
      return { contents: [`let m; const load = () => (m ??= require("node:${args.path}"));`, ...getters].join("\n"), loader: "js" };
    });
  },
};

/**
 * Packages that only some runs need, evaluated when one of their exports is
 * first read instead of at every start: ajv (only when a .mtalint.json is
 * validated) builds its keyword tables when loaded; Chevrotain (~3 ms) only
 * when a file needs the grammars (the hand-written fast paths parse most
 * lines; grammars/ makes its token types and parser classes on first use).
 * The stand-in has a getter per export name, so imports bind exactly as
 * before; an ES module package (Chevrotain) is bundled as one that is
 * initialised on its first require.
 */
const LAZY_PACKAGES = ["ajv", "chevrotain"];
const lazyPackages = {
  name: "lazy-packages",
  setup(b) {
    const filter = new RegExp(`^(${LAZY_PACKAGES.join("|")})$`);
    b.onResolve({ filter }, (args) => (args.namespace === "lazy-package" ? undefined : { path: args.path, namespace: "lazy-package" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-package" }, async (args) => {
      const names = await exportNames(args.path);
      const getters = names.map((n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`);
      return {
        contents: [`let m; const load = () => (m ??= require(${JSON.stringify(args.path)}));`, `Object.defineProperty(exports, "__esModule", { value: true });`, ...getters].join("\n"),
        loader: "js",
        resolveDir: root,
      };
    });
  },
};

/** The names a package exports, read from the package itself (require for CommonJS, import for an ES module). */
async function exportNames(pkg) {
  const req = createRequire(join(root, "package.json"));
  try {
    return Object.keys(req(pkg)).filter((n) => n !== "__esModule");
  } catch (e) {
    if (e.code !== "ERR_REQUIRE_ESM") throw e;
  }
  return Object.keys(await import(pathToFileURL(req.resolve(pkg)).href));
}

/**
 * The generated knowledge base (src/model/data/*.json, 225 KB), parsed when
 * first read rather than built at every start: a Postfix run never reads the
 * Exim facts, and V8 parses JSON text faster than it runs object literals.
 * Each top-level member is its own JSON text behind a getter that replaces
 * itself with the parsed value; a file whose top level is a map of many
 * small entries (the Exim macros) is parsed whole when first imported.
 */
const MAX_LAZY_MEMBERS = 32;
const lazyJson = {
  name: "lazy-json",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]model[\\/]data[\\/][^\\/]+\.json$/ }, (args) => {
      const data = JSON.parse(readFileSync(args.path, "utf8"));
      const keys = data !== null && typeof data === "object" && !Array.isArray(data) ? Object.keys(data) : undefined;
      // An ES module (export default), so that importing it binds the object itself, with no copy of its members.
      if (keys === undefined || keys.length > MAX_LAZY_MEMBERS) {
        return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`, loader: "js" };
      }
      return {
        contents: [
          "const data = {};",
          "const lazy = (key, text) => Object.defineProperty(data, key, { enumerable: true, configurable: true,",
          "  get() { const value = JSON.parse(text); Object.defineProperty(data, key, { value, enumerable: true, configurable: true, writable: true }); return value; },",
          "  set(value) { Object.defineProperty(data, key, { value, enumerable: true, configurable: true, writable: true }); } });",
          ...keys.map((k) => `lazy(${JSON.stringify(k)}, ${JSON.stringify(JSON.stringify(data[k]))});`),
          "export default data;",
        ].join("\n"),
        loader: "js",
      };
    });
  },
};

const result = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: "mtalint-bundle-entry.ts", loader: "ts" },
  outfile,
  write: false,
  bundle: true,
  platform: "node",
  format: "cjs",
  target,
  minify: process.env.MTALINT_BUNDLE_NAMES !== "1",
  minifyWhitespace: true,
  minifySyntax: true,
  // ASCII output: the code cache loader (src/cli/code-cache.ts) reads the file as latin1.
  charset: "ascii",
  legalComments: "eof",
  plugins: [lazyBuiltins, lazyPackages, lazyJson],
  logLevel: "warning",
});
// The second line names this build by its content, so that code caches of other builds are never used for it.
const code = result.outputFiles[0].text;
const id = createHash("sha256").update(code).digest("hex").slice(0, 32);
writeAtomically(outfile, `#!/usr/bin/env node\n// mtalint-build ${id}\n${code}`);
console.log(`bundle: ${outfile}`);

// The launcher: a few lines of CommonJS that run the bundle beside it with V8's code cache
// (src/cli/code-cache.ts). CommonJS because an ES module entry costs Node its ESM loader
// at every start; this is the fastest way in for the `mtalint` command.
const launcher = join(root, "dist/mtalint-launcher.cjs");
const built = await build({
  stdin: {
    contents: [
      `import { join } from "node:path";`,
      `import { pathToFileURL } from "node:url";`,
      `import { runWithCodeCache } from "./src/cli/code-cache.ts";`,
      `import { HEAP_VARIANT, tuneHeapForCommandLine } from "./src/cli/heap.ts";`,
      `const longRun = tuneHeapForCommandLine(process.argv.slice(2));`,
      // MTALINT_NO_BUNDLE=1 runs the module tree beside it instead, as dist/src/cli/bin.js does (tests compare the two).
      `if (process.env.MTALINT_NO_BUNDLE) import(pathToFileURL(join(__dirname, "src/cli/bin.js")).href);`,
      `else runWithCodeCache(join(__dirname, "mtalint.cjs"), undefined, longRun ? HEAP_VARIANT : "");`,
      "",
    ].join("\n"),
    resolveDir: root,
    sourcefile: "mtalint-launcher-entry.ts",
    loader: "ts",
  },
  outfile: launcher,
  write: false,
  bundle: true,
  platform: "node",
  format: "cjs",
  target,
  banner: { js: "#!/usr/bin/env node\n\"use strict\";" },
  logLevel: "warning",
});
writeAtomically(launcher, built.outputFiles[0].text);
console.log(`launcher: ${launcher}`);

/** Write then rename, so that a CLI starting meanwhile (a test run, a watch) reads the old file or the new one, never half. */
function writeAtomically(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  chmodSync(tmp, 0o755);
  renameSync(tmp, path);
}
