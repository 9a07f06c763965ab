// The curl commands the docs show (Getting started, every operation's code sample), parsed the way a POSIX shell
// splits them and sent with fetch: one process runs them all. Only the options the docs use are understood;
// anything else throws, so a sample cannot silently depend on an option this parser skips.

export interface CurlCommand {
  source: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** What the output is piped into, if anything. */
  pipe: string | undefined;
}

/**
 * Splits a shell command into words: single quotes (literal), double quotes, a backslash outside quotes
 * escaping the next character (so 'it'\''s' is one word), backslash-newline continuations, `|` as its own word.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const text = command.replace(/\\\n/g, " ");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && /["\\$`]/.test(text[i + 1] ?? "")) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\") {
      word += text[++i] ?? "";
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in: ${command}`);
  if (inWord) words.push(word);
  return words;
}

/** Parses one curl command (comment lines starting with # are skipped). */
export function parseCurl(source: string): CurlCommand {
  const code = source
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n");
  const start = code.indexOf("curl ");
  if (start < 0) throw new Error(`no curl command in: ${source}`);
  const words = shellWords(code.slice(start));
  const command: CurlCommand = { source, method: "GET", url: "", headers: {}, body: undefined, pipe: undefined };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === "|") {
      command.pipe = words.slice(i + 1).join(" ");
      break;
    } else if (w === "-X") command.method = words[++i]!;
    else if (w === "-H") {
      const [name, ...value] = words[++i]!.split(":");
      command.headers[name!.trim()] = value.join(":").trim();
    } else if (w === "-d") {
      command.body = words[++i]!;
      if (command.method === "GET") command.method = "POST";
    } else if (w === "-s") continue;
    else if (w.startsWith("http")) command.url = w.replace(/\)$/, "");
    else throw new Error(`unexpected curl argument ${w} in: ${source}`);
  }
  return command;
}

export interface CurlAnswer {
  status: number;
  body: { Message?: unknown; Success?: unknown; Warning?: unknown; Data?: unknown };
}

/** Sends a parsed command; `expand` rewrites the URL and header values (address, $TOKEN). */
export async function sendCurl(command: CurlCommand, expand: (value: string) => string = (v) => v): Promise<CurlAnswer> {
  const res = await fetch(expand(command.url), {
    method: command.method,
    headers: Object.fromEntries(Object.entries(command.headers).map(([k, v]) => [k, expand(v)])),
    ...(command.body !== undefined ? { body: command.body } : {}),
  });
  return { status: res.status, body: (await res.json()) as CurlAnswer["body"] };
}
