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

/** The problem body of an answer that failed, with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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

export async function get<P extends GetPath>(path: P, query: Query<P>, lang: string, params?: PathParams<P>): Promise<Answer<P>> {
  const res = await fetch(apiUrl(path, query, params), { headers: { Accept: 'application/json', 'Accept-Language': lang } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = (body ?? {}) as Partial<Schemas['ProblemDto']>;
    throw new ApiError(res.status, problem.code ?? String(res.status), problem.message ?? res.statusText);
  }
  return body as Answer<P>;
}
