// The JSON report: the Report object as is (see cli/model.ts and the README for the shape; `version`
// changes on any incompatible change).
import type { Report } from "../model.js";

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
