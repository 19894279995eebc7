// The JSON API client: one function per endpoint, errors surfaced as ApiError with the server's message.

export class ApiError extends Error {
  constructor(message, { status = 0, code = "", parameter = "" } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.parameter = parameter;
  }
}

/**
 * A query string from an object, leaving out empty values; every value is URI-encoded.
 *   query({q: "消火栓", doc: "", limit: 20})  →  "?q=%E6%B6%88%E7%81%AB%E6%A0%93&limit=20"
 */
export function query(params) {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

/** Turn a failed response into an ApiError, using `{"error": {...}}` when the body has one. */
async function errorFrom(response) {
  let detail = {};
  try {
    detail = (await response.json()).error || {};
  } catch {
    // Not JSON (a proxy page, a crash): fall back to the status line.
  }
  const message = detail.message || `服务器返回 ${response.status} ${response.statusText || ""}`.trim();
  return new ApiError(message, { status: response.status, code: detail.code, parameter: detail.parameter });
}

export async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  } catch (error) {
    throw new ApiError(`无法连接服务器（${error.message}）。请确认 firekg serve 正在运行。`);
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function getJson(path) {
  return (await request(path)).json();
}

export const api = {
  health: () => getJson("/api/health"),
  documents: () => getJson("/api/documents"),
  search: (text, limit = 20) => getJson(`/api/search${query({ q: text, limit })}`),
  clause: (id) => getJson(`/api/clauses/${encodeURIComponent(id)}`),
  entity: (name) => getJson(`/api/entities/${encodeURIComponent(name)}`),
  neighborhood: (params) => getJson(`/api/graph/neighborhood${query(params)}`),
  ask: async (question, docIds) => {
    const body = { question };
    if (docIds && docIds.length) body.doc_ids = docIds;
    const response = await request("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    return response.json();
  },
  exportUrl: (params) => `/api/export${query(params)}`,
};

/**
 * The file name in a Content-Disposition header (RFC 6266: filename* wins over filename).
 *   filenameFrom('attachment; filename="relations.csv"')  →  "relations.csv"
 *   filenameFrom("attachment; filename*=UTF-8''%E6%9D%A1.csv")  →  "条.csv"
 */
export function filenameFrom(header, fallback = "export") {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim());
    } catch {
      // A malformed encoding: try the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  if (plain) return (plain[2] ?? plain[1]).trim();
  return fallback;
}
