/**
 * `table[key]` for a key that came from outside (a path, a query, a cell), or undefined: only the
 * table's own entries count, so `constructor`, `__proto__` or `toString` never find Object.prototype's.
 */
export const lookup = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
