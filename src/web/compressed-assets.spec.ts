import { chooseEncoding } from './compressed-assets.js';

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'], // Chromium over https
    ['gzip, deflate', 'gzip'], // Chromium over plain http
    ['br;q=0, gzip', 'gzip'],
    ['BR;Q=0.5', 'br'],
    ['gzip;q=0, br;q=0', 'identity'],
    ['*', 'br'],
    ['*, br;q=0', 'gzip'],
    ['*;q=0', 'identity'],
    ['deflate', 'identity'],
    ['', 'identity'],
    [undefined, 'identity'],
  ])('Accept-Encoding %p → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});
