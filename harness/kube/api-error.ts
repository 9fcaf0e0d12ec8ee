import { ApiException } from "@kubernetes/client-node";

/**
 * failureMessage is what a failed check says in one line. The client's ApiException message
 * spans the status code, the raw body and every response header; what a reader needs is the
 * code and the API server's own message from the Status body.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiException) return `HTTP ${error.code}: ${statusMessage(error.body)}`;
  return error instanceof Error ? error.message : String(error);
}

function statusMessage(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  try {
    const status = JSON.parse(text) as { message?: unknown };
    if (typeof status.message === "string") return status.message;
  } catch {
    // Not a Status object (a proxy's HTML page, say): the body itself is the evidence.
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
