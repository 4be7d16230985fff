// Preloaded (node --require) into the mtalint processes the hostile-input tests start:
// at exit, writes the process's CPU time (all threads) as JSON to fd 3, which the test reads.
"use strict";
process.on("exit", () => {
  const u = process.cpuUsage();
  try {
    require("node:fs").writeSync(3, JSON.stringify({ userMs: u.user / 1000, systemMs: u.system / 1000 }));
  } catch {
    // fd 3 is not open: not started by the tests.
  }
});
