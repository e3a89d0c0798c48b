import { Logger } from '@nestjs/common';
import { CommitmentEvents } from './commitment-events.js';

describe('CommitmentEvents', () => {
  it('runs every listener in turn; one that fails is logged and neither stops the others nor fails the write', async () => {
    const events = new CommitmentEvents();
    const heard: string[] = [];
    const errors: string[] = [];
    const log = Logger.prototype.error;
    Logger.prototype.error = (message: unknown) => {
      errors.push(String(message));
    };
    try {
      events.onWritten(async (id) => {
        heard.push(`first ${id}`);
        throw new Error('the database is gone');
      });
      events.onWritten(async (id) => {
        heard.push(`second ${id}`);
      });
      await expect(events.written(12)).resolves.toBeUndefined();
    } finally {
      Logger.prototype.error = log;
    }
    expect(heard).toEqual(['first 12', 'second 12']);
    expect(errors).toEqual(['After commitment 12 was written: the database is gone']);
  });
});
