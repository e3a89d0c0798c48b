import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error.js';

/**
 * How deeply a request body may nest objects and arrays. The deepest body the API takes is three levels
 * ({ rules: [ { … } ] }); validation and class-transformer recurse once per level, so a body of thousands
 * of levels overflowed the stack (a 500) before any rule could refuse it.
 */
export const MAX_BODY_DEPTH = 32;

/** A lone surrogate (JSON's "\ud800" alone: no Unicode text) or NUL: PostgreSQL stores neither in text or jsonb. */
const UNSTORABLE = /[\ud800-\udfff\u0000]/u;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'gu');

/**
 * Keys no request body has, that name an object's prototype: class-transformer skips them, so the
 * validation's "should not exist" never saw them and they passed where any other unknown key is a 400.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What is wrong with a parsed body, if anything: objects or arrays nested more than `max` levels (the
 * body itself is level 1), or a key or string PostgreSQL cannot store. Iterative: it must not recurse either.
 */
export function bodyProblem(value: unknown, max: number): 'too-deep' | 'unstorable-text' | { key: string } | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) return 'unstorable-text';
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return 'too-deep';
    for (const [key, child] of Object.entries(node)) {
      if (UNSTORABLE.test(key)) return 'unstorable-text';
      if (PROTOTYPE_KEYS.has(key)) return { key };
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** The largest JSON body taken (rules, priorities, keys are small; files go through multipart with their own cap). */
export const MAX_JSON_BODY = '1mb';

/**
 * Run after the JSON body parser, before any guard, pipe or validation: a body nested deeper than
 * MAX_BODY_DEPTH is a 400 BODY_TOO_DEEP; a body the parser could not read, or with text that cannot be
 * stored, a 400 INVALID_JSON (not the parser's own message, nor a 500 from the database); a key naming
 * a prototype a 400 INVALID_JSON.key; a body over MAX_JSON_BODY a 413 BODY_TOO_LARGE (not an upload's FILE_TOO_LARGE).
 */
export const bodyChecks = [
  (req: Request, _res: Response, next: NextFunction): void => {
    const problem = bodyProblem(req.body, MAX_BODY_DEPTH);
    if (problem === 'too-deep') {
      next(DomainError.of('BODY_TOO_DEEP', { max: MAX_BODY_DEPTH }));
    } else if (problem === 'unstorable-text') {
      next(DomainError.of('INVALID_JSON.text'));
    } else if (problem !== null) {
      next(DomainError.of('INVALID_JSON.key', { key: problem.key }));
    } else {
      next();
    }
  },
  (error: unknown, _req: Request, _res: Response, next: NextFunction): void => {
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed') next(DomainError.of('INVALID_JSON'));
    else if (type === 'entity.too.large') next(DomainError.of('BODY_TOO_LARGE', { max: MAX_JSON_BODY.replace('mb', ' MB') }));
    else next(error);
  },
];

/**
 * Run before anything reads the query or the path: a parameter or path segment holding NUL (%00) or a
 * lone surrogate is a 400 INVALID_REQUEST.text naming it. PostgreSQL refuses such text: a search
 * (`q=%00`) and a municipality's plan priorities (`/municipalities/%00/plan-priorities`) answered 500.
 */
export function queryCheck(req: Request, _res: Response, next: NextFunction): void {
  // and the path's segments as the router will decode them (a broken escape is the router's to refuse)
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      continue;
    }
    if (UNSTORABLE.test(decoded)) {
      next(DomainError.of('INVALID_REQUEST.text', { parameter: `path ${req.path.replace(/%00/g, '\uFFFD')}` }));
      return;
    }
  }
  const stack: [string, unknown][] = Object.entries((req.query ?? {}) as Record<string, unknown>);
  while (stack.length > 0) {
    const [name, value] = stack.pop()!;
    if (UNSTORABLE.test(name) || (typeof value === 'string' && UNSTORABLE.test(value))) {
      next(DomainError.of('INVALID_REQUEST.text', { parameter: name.replace(UNSTORABLE_ALL, '\uFFFD') }));
      return;
    }
    if (value !== null && typeof value === 'object')
      for (const [key, child] of Object.entries(value)) stack.push([Array.isArray(value) ? name : `${name}[${key}]`, child]);
  }
  next();
}
