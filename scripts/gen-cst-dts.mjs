#!/usr/bin/env node
// Writes grammars/generated/*.cst.d.ts from the parsers' grammar (Chevrotain generateCstDts).
// Run after `npm run build`; test/grammars/cst-dts.test.ts fails when these are stale.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cstDtsFor } from "../dist/grammars/cst-dts.js";

const here = dirname(fileURLToPath(import.meta.url));
for (const [name, text] of Object.entries(cstDtsFor())) {
  writeFileSync(join(here, "../grammars/generated", `${name}.cst.d.ts`), text);
  console.log(`wrote grammars/generated/${name}.cst.d.ts`);
}
