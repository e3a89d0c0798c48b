import { uploadName } from './hashing-storage.js';

/** A name as busboy hands it over: the UTF-8 bytes the client sent, read as latin1. */
const asSent = (name: string) => Buffer.from(name, 'utf8').toString('latin1');

describe("an upload's name", () => {
  it('is the UTF-8 the client sent', () => {
    expect(uploadName(asSent('presupuesto_año_2024.csv'))).toBe('presupuesto_año_2024.csv');
  });

  it('loses every control character: C0 (CR, LF, NUL, ESC, TAB), DEL and C1 (NEL U+0085, CSI U+009B)', () => {
    expect(uploadName(asSent('gasto\r\nINFO forged line.csv'))).toBe('gastoINFO forged line.csv');
    expect(uploadName(asSent('a\u0000b\u001b[31mc\td\u007fe.csv'))).toBe('ab[31mcde.csv');
    expect(uploadName(asSent('a\u0085b\u009bc.csv'))).toBe('abc.csv');
  });

  it('keeps what is not a control character: accents, spaces inside, quotes', () => {
    expect(uploadName(asSent('Consulta "Amigable" Ñuñoa 2025.xlsx'))).toBe('Consulta "Amigable" Ñuñoa 2025.xlsx');
  });

  it('is "upload" when nothing else is left', () => {
    expect(uploadName(asSent('\r\n\u0085 '))).toBe('upload');
  });
});
