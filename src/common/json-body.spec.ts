import type { NextFunction, Request, Response } from 'express';
import type { DomainError } from './domain-error.js';
import { bodyChecks, bodyProblem, MAX_BODY_DEPTH } from './json-body.js';

const nestedDeeperThan = (body: unknown, max: number) => bodyProblem(body, max) === 'too-deep';

/** n arrays inside each other: `[[…]]` is 2 deep. */
const arrays = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));

describe('the depth of a body', () => {
  it('counts the body itself as level 1 and each object or array inside one more', () => {
    expect(nestedDeeperThan({}, 1)).toBe(false);
    expect(nestedDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(nestedDeeperThan({ a: {} }, 1)).toBe(true); // 2 levels
    // { note, rules: [ { … } ] }: the deepest body the API takes, 3 levels
    expect(nestedDeeperThan({ note: 'x', rules: [{ level: 'function', code: '15' }] }, 2)).toBe(true);
    expect(nestedDeeperThan({ note: 'x', rules: [{ level: 'function', code: '15' }] }, 3)).toBe(false);
  });

  it('takes MAX_BODY_DEPTH levels and refuses one more, in arrays or objects, however deep the first one was', () => {
    expect(MAX_BODY_DEPTH).toBe(32);
    expect(nestedDeeperThan(arrays(32), 32)).toBe(false);
    expect(nestedDeeperThan(arrays(33), 32)).toBe(true);
    expect(nestedDeeperThan(JSON.parse(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`), 32)).toBe(true);
    // the deep branch after a shallow one
    expect(nestedDeeperThan({ a: [1, 2], b: arrays(32) }, 32)).toBe(true);
  });

  it('does not recurse: a body of 100,000 levels is refused, not a stack overflow', () => {
    expect(nestedDeeperThan(arrays(100_000), 32)).toBe(true);
  });

  it('has nothing to say about bodies that are not objects', () => {
    for (const body of [undefined, null, 'text', 7, true]) expect(bodyProblem(body, 1)).toBe(null);
  });
});

describe('the text of a body', () => {
  it('takes any Unicode text, pairs of surrogates (characters past U+FFFF) too', () => {
    expect(bodyProblem(JSON.parse('{"note":"Año \\ud83d\\ude00 Ñ","rules":[{"code":"15"}]}'), 32)).toBe(null);
  });

  it('refuses a lone surrogate or a NUL, in a value or a key, at any level', () => {
    expect(bodyProblem(JSON.parse('{"note":"\\ud800"}'), 32)).toBe('unstorable-text');
    expect(bodyProblem(JSON.parse('{"note":"x\\udc00y"}'), 32)).toBe('unstorable-text'); // a low surrogate with no high one before it
    expect(bodyProblem(JSON.parse('{"rules":[{"code":"1\\u00005"}]}'), 32)).toBe('unstorable-text');
    expect(bodyProblem(JSON.parse('{"a\\u0000":1}'), 32)).toBe('unstorable-text');
  });

  it('refuses a key naming a prototype at any level, and takes the words inside values or longer keys', () => {
    expect(bodyProblem(JSON.parse('{"__proto__":{"role":"admin"}}'), 32)).toEqual({ key: '__proto__' });
    expect(bodyProblem(JSON.parse('{"rules":[{"code":"15","constructor":1}]}'), 32)).toEqual({ key: 'constructor' });
    expect(bodyProblem(JSON.parse('{"a":{"b":{"prototype":null}}}'), 32)).toEqual({ key: 'prototype' });
    expect(bodyProblem(JSON.parse('{"note":"constructor __proto__","constructors":1,"Prototype":2}'), 32)).toBe(null);
  });
});

describe('the body checks, run before any guard', () => {
  const [checkBody, parseError] = bodyChecks as [
    (req: Request, res: Response, next: NextFunction) => void,
    (error: unknown, req: Request, res: Response, next: NextFunction) => void,
  ];
  /** What the check passes on to express's next(): nothing (go on) or an error. */
  const passedOn = (run: (next: (e?: unknown) => void) => void): unknown[] => {
    const calls: unknown[][] = [];
    run((...args: unknown[]) => calls.push(args));
    expect(calls).toHaveLength(1);
    return calls[0];
  };
  const asRequest = (body: unknown) => ({ body }) as Request;
  const problem = (e: unknown) => ({ status: (e as DomainError).status, code: (e as DomainError).code, message: (e as DomainError).message });

  it('lets a body through that nests MAX_BODY_DEPTH levels, and refuses one more as 400 BODY_TOO_DEEP', () => {
    expect(passedOn((next) => checkBody(asRequest(arrays(32)), {} as Response, next))).toEqual([]);
    const [error] = passedOn((next) => checkBody(asRequest(arrays(33)), {} as Response, next));
    expect(problem(error)).toEqual({ status: 400, code: 'BODY_TOO_DEEP', message: 'The body nests objects or arrays more than 32 levels deep.' });
  });

  it('refuses text PostgreSQL cannot store as 400 INVALID_JSON', () => {
    const [error] = passedOn((next) => checkBody(asRequest({ note: 'a\u0000b' }), {} as Response, next));
    expect(problem(error)).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    expect((error as Error).message).toContain('NUL');
  });

  it("answers the JSON parser's failures as 400 INVALID_JSON and 413 BODY_TOO_LARGE, and passes other errors on as they are", () => {
    const [error] = passedOn((next) => parseError({ type: 'entity.parse.failed' }, asRequest(undefined), {} as Response, next));
    expect(problem(error)).toEqual({ status: 400, code: 'INVALID_JSON', message: 'The body is not valid JSON.' });
    const [large] = passedOn((next) => parseError({ type: 'entity.too.large' }, asRequest(undefined), {} as Response, next));
    expect(problem(large)).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
    const other = Object.assign(new Error('aborted'), { type: 'request.aborted' });
    expect(passedOn((next) => parseError(other, asRequest(undefined), {} as Response, next))).toEqual([other]);
    expect(passedOn((next) => parseError(null, asRequest(undefined), {} as Response, next))).toEqual([null]);
  });
});
