import { dateOf } from './invierte.format.js';

describe('registry dates', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = zone;
  });

  it.each(['UTC', 'America/Lima', 'Asia/Tokyo'])('reads serials in both date systems the same way with the server in %s', (tz) => {
    process.env.TZ = tz;
    // 44197 is 2021-01-01 in the 1900 system, so 44000 is 197 days earlier; the 1904 system starts 1,462 days later
    expect([dateOf(44197), dateOf(44000), dateOf(44000, true)]).toEqual(['2021-01-01', '2020-06-18', '2024-06-19']);
    expect([dateOf('18/06/2020'), dateOf('2020-06-18'), dateOf('31/02/2020'), dateOf(null)]).toEqual(['2020-06-18', '2020-06-18', undefined, null]);
  });
});
