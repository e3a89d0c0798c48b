import { localizedNote } from './localize.js';
import { say } from './messages.js';

describe('localizedNote: import notes are stored in English and worded for the reader, the words inside their examples too', () => {
  // as the works imports wrote it before the note had a key (stop 37), and as they write it now: the same text
  const unplaced =
    "3 investment(s) have no known municipality and are listed under no place: no registry record or current budget line has their CUI, and no owning entity's name designates exactly one municipality. " +
    'Owned by a municipality whose name designates none or several: 2491563 (MUNICIPALIDAD DISTRITAL DE SAN JOSE: names 6 district municipalities). ' +
    'Owned by no municipality, or with no owner in this file: 9000001 (no owning entity in this file); 2222222 (GOBIERNO REGIONAL CUSCO); and 7 more.';

  it('words the note of investments with no known municipality in Spanish, keeping codes and names as the file wrote them', () => {
    expect(localizedNote(unplaced, 'es')).toBe(
      '3 inversión(es) no tienen municipalidad conocida y no figuran en ningún lugar: ningún registro ni línea de presupuesto vigente tiene su CUI, y el nombre de ninguna entidad dueña designa exactamente una municipalidad. ' +
        'De una municipalidad cuyo nombre no designa ninguna o designa varias: 2491563 (MUNICIPALIDAD DISTRITAL DE SAN JOSE: nombra 6 municipalidades distritales). ' +
        'De ninguna municipalidad, o sin dueña en este archivo: 9000001 (sin entidad dueña en este archivo); 2222222 (GOBIERNO REGIONAL CUSCO); y 7 más.',
    );
    expect(localizedNote(unplaced, 'en')).toBe(unplaced);
    expect(say('IMPORT_NOTE.unplaced', { count: 1, details: '' }).message).toMatch(/exactly one municipality\.$/);
  });

  it('words the rows and the "and N more" of rounded and mis-encoded examples; a file label that looks like them is kept', () => {
    const rounded = say('IMPORT_NOTE.rounded', {
      count: 23,
      examples: 'MTO_VIABLE 608275.958 → 608275.96 (row 4); Costo (row 9) 1.005 → 1.01 (row 12); and 21 more',
    }).message;
    expect(localizedNote(rounded, 'es')).toBe(
      '23 monto(s) tienen más de dos decimales en la fuente y se guardan redondeados al céntimo: MTO_VIABLE 608275.958 → 608275.96 (fila 4); Costo (row 9) 1.005 → 1.01 (fila 12); y 21 más.',
    );
    const misEncoded = say('IMPORT_NOTE.misEncoded', { count: 2, examples: 'Distrito "ICHU?A" (14 rows); Nombre "CONSTRUCCIÃ“N…" (1 row)' }).message;
    expect(localizedNote(misEncoded, 'es')).toBe(
      '2 nombre(s) parecen mal codificados en la fuente y se guardan como los escribió (no se adivinan las letras perdidas): Distrito "ICHU?A" (14 filas); Nombre "CONSTRUCCIÃ“N…" (1 fila).',
    );
    expect(localizedNote(misEncoded, 'en')).toBe(misEncoded);
  });

  it('keeps a text that is no import note as it is', () => {
    expect(localizedNote('something else (1 row); and 2 more', 'es')).toBe('something else (1 row); and 2 more');
  });
});
