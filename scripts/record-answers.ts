// Records the reference server's answers to a fixed list of requests (every operation's request examples,
// seeded fuzz cases, a few requests around the routes) as JSON, for checking that a change kept every
// answer byte for byte: record before the change, record after, compare the files.
//
// Usage: node --import tsx scripts/record-answers.ts <out.json>
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { recordAnswers } from "../test/support/answer-recording.js";

const { positionals } = parseArgs({ allowPositionals: true });
const out = positionals[0];
if (!out) {
  console.error("usage: node --import tsx scripts/record-answers.ts <out.json>");
  process.exit(2);
}
const answers = await recordAnswers();
writeFileSync(out, JSON.stringify(answers, null, 1) + "\n");
console.log(`${answers.length} answers written to ${out}`);
