import { maxBudgetYear, parseYear } from './codes.js';

/**
 * The current year is looked up at most once a minute (codes.ts). A file of its own: the cache is
 * module state, and the clock set here would otherwise leave a year of 2099 to the specs after it.
 */
describe('the current year, looked up once a minute', () => {
  const realNow = Date.now;
  afterEach(() => {
    Date.now = realNow;
  });

  function at(iso: string): void {
    const ms = Date.parse(iso);
    Date.now = () => ms;
  }

  it('keeps the year it read for 60 seconds, and reads it again at the 60th', () => {
    at('2098-12-31T23:59:30.000Z'); // read now: 2098, kept until 2099-01-01T00:00:30.000Z
    expect(maxBudgetYear()).toBe(2099); // 2098 + 1

    at('2099-01-01T00:00:10.000Z'); // a new year, but the minute has not passed: still 2098
    expect(maxBudgetYear()).toBe(2099);
    expect(parseYear('2100')).toBeNull();

    at('2099-01-01T00:00:29.999Z'); // one millisecond before the minute
    expect(maxBudgetYear()).toBe(2099);

    at('2099-01-01T00:00:30.000Z'); // 60,000 ms after the read: read again, 2099
    expect(maxBudgetYear()).toBe(2100); // 2099 + 1
    expect(parseYear('2100')).toBe(2100);
  });
});
