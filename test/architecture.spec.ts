import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every TypeScript source under a folder (specs left out: they may import what they test from anywhere). */
function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** file → the files it imports (relative imports, type-only ones included: a type cycle is still a tangle). */
function importGraph(root: string): Map<string, string[]> {
  const files = new Set(sources(root).map((f) => resolve(f)));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1]).replace(/\.js$/, '.ts'));
    graph.set(
      file,
      targets.filter((t) => files.has(t)),
    );
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan): each is an import cycle. */
function importCycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The folders every feature may use, taken as one: money and errors, the messages, the settings. They use no feature. */
const KERNEL = new Set(['common', 'i18n', 'config']);

/**
 * The composition root, which may use any feature: the files at the top of src (the app module, main, the
 * request set-up), the list of entities and the migrations (each is the code of its day, kept as it was run).
 */
const isCompositionRoot = (file: string): boolean =>
  !file.includes('/') || file === 'database/data-source-options.ts' || file.startsWith('database/migrations/');

/** The feature a file of src belongs to: its first folder, the kernel's as one. */
const featureOf = (file: string): string => {
  const folder = file.split('/')[0];
  return KERNEL.has(folder) ? 'kernel' : folder;
};

/**
 * feature → the features its files import, with one file import that makes each edge (for the message).
 * Left out: the composition root's imports, and an entity's import of another entity (a foreign key, which
 * TypeORM states as a relation: the schema's edges, not the code's).
 */
function featureGraph(root: string): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const [file, targets] of importGraph(root)) {
    const from = relative(root, file);
    if (isCompositionRoot(from)) continue;
    for (const target of targets) {
      const to = relative(root, target);
      if (from.endsWith('.entity.ts') && to.endsWith('.entity.ts')) continue;
      const [a, b] = [featureOf(from), featureOf(to)];
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, `${from} → ${to}`);
    }
  }
  return graph;
}

describe('the architecture (ARCHITECTURE.md)', () => {
  it('finds a cycle when there is one, of two files or three, and none in a chain', () => {
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b']]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['d']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('has no cycle among the features of src, and the kernel uses none', () => {
    const graph = featureGraph('src');
    const cycles = importCycles(new Map([...graph].map(([a, uses]) => [a, [...uses.keys()]]))).map((c) =>
      c
        .map(
          (a) =>
            `${a} (${[...graph.get(a)!]
              .filter(([b]) => c.includes(b))
              .map(([, why]) => why)
              .join('; ')})`,
        )
        .join(' ↔ '),
    );
    expect(cycles).toEqual([]);
    expect([...(graph.get('kernel')?.values() ?? [])]).toEqual([]);
    // the graph is not empty by accident: the imports use the budget feature, the reports the analyses
    expect(graph.get('imports')?.has('budget')).toBe(true);
    expect(graph.get('reports')?.has('analytics')).toBe(true);
    expect(graph.get('analytics')?.has('reports')).toBe(false);
  });

  it.each(['src', 'web/src'])('has no import cycle among the files of %s', (root) => {
    const cycles = importCycles(importGraph(root)).map((c) => c.map((f) => relative(root, f)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
