// Records real exchanges into a HAR 1.2 document shaped as browsers' devtools save it: headers as name/value
// lists, the request body in postData.text, the answer in content.text (base64 with `encoding` when asked, as
// browsers do for some answers), timings and a creator.
import http from "node:http";
import type { Har, HarEntry } from "../../cli/har.js";

export interface HarCall {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Save the answer base64-encoded. */
  base64?: boolean;
}

export async function recordHar(baseUrl: string, calls: HarCall[]): Promise<Har> {
  const entries: HarEntry[] = [];
  for (const call of calls) {
    const url = new URL(call.path, baseUrl);
    const method = call.method ?? "POST";
    const headers: Record<string, string> = { ...(call.headers ?? {}) };
    if (call.body !== undefined) headers["content-length"] = String(Buffer.byteLength(call.body));
    const started = new Date();
    const t0 = performance.now();
    const answer = await new Promise<{ status: number; statusText: string; headers: [string, string][]; body: Buffer }>((resolve, reject) => {
      const req = http.request(url, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const pairs: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: pairs, body: Buffer.concat(chunks) });
        });
      });
      req.on("error", reject);
      req.end(call.body);
    });
    const mimeType = answer.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
    entries.push({
      startedDateTime: started.toISOString(),
      time: performance.now() - t0,
      request: {
        method,
        url: url.toString(),
        headers: [{ name: "Host", value: url.host }, ...Object.entries(headers).map(([name, value]) => ({ name, value }))],
        ...(call.body !== undefined ? { postData: { mimeType: headers["content-type"] ?? "", text: call.body } } : {}),
      },
      response: {
        status: answer.status,
        headers: answer.headers.map(([name, value]) => ({ name, value })),
        content: call.base64
          ? { size: answer.body.length, mimeType, text: answer.body.toString("base64"), encoding: "base64" }
          : { size: answer.body.length, mimeType, text: answer.body.toString("utf8") },
      },
    });
  }
  return { log: { version: "1.2", creator: { name: "test recorder", version: "1" }, entries } };
}
