/** The fleet report in each --format. */
import type { FormatName, FormatOptions } from "../../format/index.js";
import type { FleetResult } from "../types.js";
import { formatFleetGithub } from "./github.js";
import { formatFleetJson } from "./json.js";
import { formatFleetSarif } from "./sarif.js";
import { formatFleetStylish } from "./stylish.js";

export function formatFleetReport(format: FormatName, result: FleetResult, options: FormatOptions): string {
  switch (format) {
    case "stylish":
      return formatFleetStylish(result, options);
    case "json":
      return formatFleetJson(result, options);
    case "sarif":
      return formatFleetSarif(result, options);
    case "github":
      return formatFleetGithub(result, options);
  }
}
