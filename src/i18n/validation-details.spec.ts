import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localizedDetail } from './validation-details.js';

/** Every `message: '…'` a validation decorator of the service gives (Matches, IsIn… with their own words). */
function decoratorMessages(dir = 'src'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : decoratorMessages(path);
    if (!path.endsWith('.ts') || path.endsWith('.spec.ts')) return [];
    const text = readFileSync(path, 'utf8');
    return [...text.matchAll(/\{ (?:each: true, )?message: '([^']+)' \}/g)].map((m) => m[1].replace('$property', 'name'));
  });
}

describe('localizedDetail: the details of an INVALID_REQUEST in the reader’s language', () => {
  it('words class-validator’s messages in Spanish, property names and values as they are', () => {
    expect(localizedDetail('year must not be greater than 2100', 'es')).toBe('year no puede ser mayor que 2100');
    expect(localizedDetail('limit must be an integer number', 'es')).toBe('limit debe ser un número entero');
    expect(localizedDetail('property zzz should not exist', 'es')).toBe('zzz no se admite aquí');
    expect(localizedDetail('groupBy must be one of the following values: function, rubro', 'es')).toBe(
      'groupBy debe ser uno de estos valores: function, rubro',
    );
    expect(localizedDetail('each value in districts must be a 6-digit ubigeo such as 080801', 'es')).toBe(
      'cada valor de districts debe ser un ubigeo de 6 dígitos, como 080801',
    );
    expect(localizedDetail('rules.0.code must be an ECLAC dimension or a 2-digit función', 'es')).toBe(
      'rules.0.code debe ser una dimensión de la CEPAL o una función de 2 dígitos',
    );
  });

  it('keeps English for English readers, and a message no rule words as it is', () => {
    expect(localizedDetail('year must not be greater than 2100', 'en')).toBe('year must not be greater than 2100');
    expect(localizedDetail('something else entirely', 'es')).toBe('something else entirely');
  });

  it('has Spanish words for every message the service’s own decorators give', () => {
    const messages = decoratorMessages();
    expect(messages.length).toBeGreaterThanOrEqual(20);
    expect(messages.filter((m) => localizedDetail(m, 'es') === m)).toEqual([]);
  });
});
