// Summarizes a V8 CPU profile (from `npm run bench -- --profile`, or `node --cpu-prof`): the functions with the
// most self time, and self time by package or project file.
//
//   node --import tsx bench/profile.ts <file.cpuprofile> [--top 25]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

/** Where a script belongs: `node_modules/<package>`, a project path, `node:<module>` or a V8 pseudo-frame. */
export function owner(url: string): string {
  if (!url) return "(native / V8)";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    return `node_modules/${rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith("node:")) return url;
  const path = url.replace(/^file:\/\//, "");
  const m = /\/(server|contract|generated|bench|mocks)\/.*$/.exec(path);
  return m ? m[0].slice(1) : path;
}

export function summarize(profile: CpuProfile): { totalMs: number; frames: Frame[]; owners: Frame[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const frames = new Map<string, Frame>();
  const owners = new Map<string, Frame>();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    const where = cf.url ? `${owner(cf.url)}:${cf.lineNumber + 1}` : owner(cf.url);
    const key = `${cf.functionName}@${where}`;
    const f = frames.get(key) ?? { name: cf.functionName || "(anonymous)", where, selfMs: 0, percent: 0 };
    f.selfMs += us / 1000;
    frames.set(key, f);
    const o = owner(cf.url);
    const g = owners.get(o) ?? { name: o, where: "", selfMs: 0, percent: 0 };
    g.selfMs += us / 1000;
    owners.set(o, g);
  }
  const done = (list: Iterable<Frame>) =>
    [...list]
      .map((f) => ({ ...f, selfMs: Math.round(f.selfMs), percent: Math.round((f.selfMs * 1000 * 10_000) / total) / 100 }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: Math.round(total / 1000), frames: done(frames.values()), owners: done(owners.values()) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ options: { top: { type: "string", default: "25" } }, allowPositionals: true });
  const file = positionals[0];
  if (!file) {
    process.stderr.write("usage: node --import tsx bench/profile.ts <file.cpuprofile> [--top 25]\n");
    process.exit(2);
  }
  const top = Number(values.top) || 25;
  const s = summarize(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  process.stdout.write(`${s.totalMs} ms sampled\n\nself time by function:\n`);
  for (const f of s.frames.slice(0, top)) {
    process.stdout.write(`${String(f.percent.toFixed(1)).padStart(6)} %  ${String(f.selfMs).padStart(7)} ms  ${f.name}  ${f.where}\n`);
  }
  process.stdout.write("\nself time by package / file:\n");
  for (const f of s.owners.slice(0, top)) {
    process.stdout.write(`${String(f.percent.toFixed(1)).padStart(6)} %  ${String(f.selfMs).padStart(7)} ms  ${f.name}\n`);
  }
}
