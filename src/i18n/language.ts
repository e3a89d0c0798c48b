import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createRequire } from 'node:module';
import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULT_LANG, type Lang, LANGS } from './messages.js';

// negotiator is what Express itself negotiates with (through accepts); it ships no types.
const require = createRequire(import.meta.url);
const Negotiator = require('negotiator') as new (request: { headers: IncomingHttpHeaders }) => { languages(available: string[]): string[] };

export interface LanguageSource {
  headers: IncomingHttpHeaders;
  query?: unknown;
}

/**
 * The language to answer in: `lang=es|en` in the query (for downloads opened from a link), else the
 * most preferred of es and en in Accept-Language, q-values honoured ("es-PE" is es); Spanish when
 * there is no header or it prefers neither.
 */
export function languageOf(request: LanguageSource): Lang {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (asked === 'es' || asked === 'en') return asked;
  if (!request.headers['accept-language']) return DEFAULT_LANG;
  const [best] = new Negotiator({ headers: request.headers }).languages([...LANGS]);
  return (best as Lang | undefined) ?? DEFAULT_LANG;
}

/** A handler's parameter: the language of the request (languageOf), for the texts of its answer. */
export const Language = createParamDecorator((_: unknown, context: ExecutionContext): Lang => languageOf(context.switchToHttp().getRequest<LanguageSource>()));
