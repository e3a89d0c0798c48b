import { Readable } from 'node:stream';
import { iterateStream } from './exceljs.js';

describe("exceljs's stream iteration (repair 5)", () => {
  it("reads what was pushed before an early 'end', as unzipper's Parse emits one once its input is read", async () => {
    const stream = new Readable({ objectMode: true, read() {} });
    stream.push('rels');
    stream.push('sheet1');
    const it = iterateStream(stream);
    const seen = [(await it.next()).value];
    // the reader is busy with its first entry (the stream is paused): the parser pushes the last ones, then says 'end'
    stream.push('sheet2');
    stream.push('workbook.xml');
    stream.emit('end');
    for (let next = await it.next(); !next.done; next = await it.next()) seen.push(next.value);
    // exceljs's own iteration stopped at 'sheet1': the workbook part, and with it the sheets' names, were lost
    expect(seen).toEqual(['rels', 'sheet1', 'sheet2', 'workbook.xml']);
  });

  it('ends with the stream, and throws its error', async () => {
    const chunks = [];
    for await (const chunk of iterateStream(Readable.from(['a', 'b', 'c']))) chunks.push(chunk);
    expect(chunks).toEqual(['a', 'b', 'c']);
    const failing = new Readable({ read() {} });
    const it = iterateStream(failing);
    failing.push('a');
    expect((await it.next()).value).toEqual(Buffer.from('a'));
    failing.destroy(new Error('zip cut short'));
    await expect(it.next()).rejects.toThrow('zip cut short');
  });
});
