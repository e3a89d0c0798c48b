// A thin typed client of the service's own API: paths, query parameters and answers are the ones of the
// committed contract (openapi.json → test/support/openapi.d.ts); nothing here restates a response's shape.
import type { components, paths } from '../../test/support/openapi.js';

export type Schemas = components['schemas'];

type GetPath = { [P in keyof paths]: paths[P] extends { get: object } ? P : never }[keyof paths];
type GetOp<P extends GetPath> = paths[P] extends { get: infer O } ? O : never;
type QueryOf<P extends GetPath> = GetOp<P> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
export type Query<P extends GetPath> = [QueryOf<P>] extends [never] ? Record<string, never> : QueryOf<P>;
export type Answer<P extends GetPath> = GetOp<P> extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;
type PathParams<P extends GetPath> = GetOp<P> extends { parameters: { path: infer A } } ? A : undefined;

/** The problem body of an answer that failed, with its stable code (and, for an upload, the rows at fault). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: Schemas['RowErrorDto'][] = [],
  ) {
    super(message);
  }
}

/** `path` with its `{name}` parameters filled in and `query` appended, as a same-origin URL. */
export function apiUrl<P extends GetPath>(path: P, query: Query<P> | Record<string, string | number | undefined>, params?: PathParams<P>): string {
  let url: string = path;
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, string>)) url = url.replace(`{${name}}`, encodeURIComponent(value));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text ? `${url}?${text}` : url;
}

/** The JSON body of an answer, or its problem thrown as an ApiError. */
async function read<T>(res: Response): Promise<T> {
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = (body ?? {}) as Partial<Schemas['ProblemDto']>;
    throw new ApiError(res.status, problem.code ?? String(res.status), problem.message ?? res.statusText, problem.errors ?? []);
  }
  return body as T;
}

/** A GET in the page's language; with `key`, as that API key (whose own imports' rows it may read). */
export async function get<P extends GetPath>(path: P, query: Query<P>, lang: string, params?: PathParams<P>, key?: string): Promise<Answer<P>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang };
  if (key) headers['X-API-Key'] = key;
  return read<Answer<P>>(await fetch(apiUrl(path, query, params), { headers }));
}

/** POST /api/v1/imports: the file and its options as multipart; 202 means the import runs on in the background. */
export async function postImport(form: FormData, lang: string, key: string): Promise<{ status: number; body: Schemas['ImportDto'] }> {
  const res = await fetch('/api/v1/imports', {
    method: 'POST',
    body: form,
    headers: { Accept: 'application/json', 'Accept-Language': lang, 'X-API-Key': key },
  });
  return { status: res.status, body: await read<Schemas['ImportDto']>(res) };
}

/** A download that needs the key (a link cannot send a header): fetched, then saved through a blob. */
export async function downloadWithKey(url: string, key: string, name: string): Promise<void> {
  const res = await fetch(url, { headers: { 'X-API-Key': key } });
  if (!res.ok) await read(res);
  const href = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
