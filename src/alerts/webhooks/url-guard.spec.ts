import { checkWebhookUrl, guardedLookup, isPublicAddress } from './url-guard.js';

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '200.48.225.130', '2800:200:e840::1'])('%s is public', (a) => expect(isPublicAddress(a)).toBe(true));
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '224.0.0.1',
    'not-an-ip',
  ])('%s is not', (a) => expect(isPublicAddress(a)).toBe(false));
});

describe('checkWebhookUrl', () => {
  const resolver = (addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('checks every address the name resolves to', async () => {
    await expect(checkWebhookUrl('https://hooks.example.pe/x', false, resolver(['200.48.225.130']))).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('https://hooks.example.pe/x', false, resolver(['200.48.225.130', '10.0.0.7']))).rejects.toMatchObject({
      code: 'WEBHOOK_URL_REFUSED',
      params: { address: '10.0.0.7' },
    });
    await expect(checkWebhookUrl('https://hooks.example.pe/x', true, resolver(['10.0.0.7']))).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('https://nowhere.example.pe/x', true, resolver([]))).rejects.toMatchObject({ key: 'WEBHOOK_URL_REFUSED.unresolved' });
  });

  it('refuses what is not an absolute http(s) URL', async () => {
    for (const url of ['ftp://example.pe/x', 'example.pe/x', 'http://exa mple.pe', `https://example.pe/${'x'.repeat(2000)}`]) {
      await expect(checkWebhookUrl(url, true, resolver(['200.48.225.130']))).rejects.toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    }
  });
});

describe('guardedLookup', () => {
  it('refuses at connection time a name that resolves to loopback', async () => {
    const error = await new Promise((resolve) => guardedLookup(false)('localhost', {}, (err) => resolve(err)));
    expect((error as Error).message).toMatch(/not a public address/);
    const allowed = await new Promise((resolve) => guardedLookup(true)('localhost', {}, (err, address) => resolve(err ?? address)));
    expect(allowed).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
