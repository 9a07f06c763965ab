// Calls against a sandbox (or any server of the API) for the sandbox tests: one POST, answered as status,
// headers and parsed JSON body.
export interface Posted {
  status: number;
  headers: Headers;
  body: { Message: string | null; Success: boolean; Warning: boolean; Data: unknown };
}

export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Posted> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Posted["body"] };
}

/** Headers of an authenticated call in a session (none = the default session). */
export function inSession(token: string, session?: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, ...(session === undefined ? {} : { "X-Sandbox-Session": session }) };
}
