import { SOURCE_KEY_FIELDS, sourceKeyOf } from './source-key.js';

describe('sourceKeyOf: the key of a source line within its budget line', () => {
  const fields = (over: Record<number, string> = {}) => SOURCE_KEY_FIELDS.map((_, i) => over[i] ?? '');

  it('is the same for the same texts and differs when any field differs, even by a leading zero', () => {
    expect(sourceKeyOf(fields({ 0: '5', 2: '00012' }))).toBe(sourceKeyOf(fields({ 0: '5', 2: '00012' })));
    const keys = [fields({ 0: '5', 2: '00012' }), fields({ 0: '5', 2: '00013' }), fields({ 0: '5', 2: '0012' }), fields({ 0: '4', 2: '00012' })].map(
      sourceKeyOf,
    );
    expect(new Set(keys).size).toBe(4);
  });

  it('keeps the fields apart: "ab" then "" is not "a" then "b"', () => {
    expect(sourceKeyOf(fields({ 1: 'ab', 2: '' }))).not.toBe(sourceKeyOf(fields({ 1: 'a', 2: 'b' })));
  });

  it('is a whole number of at most 53 bits, exact in a double and in a bigint column', () => {
    for (let meta = 0; meta < 2000; meta++) {
      const key = sourceKeyOf(fields({ 0: '5', 2: String(meta).padStart(5, '0') }));
      expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
    }
  });

  it('gives 100,000 source lines of one budget line 100,000 keys', () => {
    const keys = new Set<number>();
    for (let meta = 0; meta < 100_000; meta++) keys.add(sourceKeyOf(fields({ 0: '5', 2: String(meta).padStart(5, '0'), 10: '2.6' })));
    expect(keys.size).toBe(100_000);
  });
});
