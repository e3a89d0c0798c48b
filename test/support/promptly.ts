import vm from 'node:vm';

/**
 * Runs `fn`, failing if it has not returned after 10 s. For inputs that a quadratic pattern would take
 * minutes over: jest's own timeout cannot interrupt synchronous code (a regular expression runs to its
 * end and the test then passes), a vm deadline can. It times nothing that could be close: the inputs
 * given to it take milliseconds.
 */
export function promptly<T>(fn: () => T): T {
  return vm.runInNewContext('fn()', { fn }, { timeout: 10_000 }) as T;
}
