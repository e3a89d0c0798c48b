import { lookup } from './lookup.js';

describe('lookup', () => {
  const table: Record<string, number> = { '08': 1, toString: 2 };

  it("finds the table's own entries, its own toString too", () => {
    expect(lookup(table, '08')).toBe(1);
    expect(lookup(table, 'toString')).toBe(2);
  });

  it("never finds Object.prototype's members for a key from outside", () => {
    for (const key of ['constructor', '__proto__', 'hasOwnProperty', 'valueOf', '09']) expect(lookup(table, key)).toBeUndefined();
  });
});
