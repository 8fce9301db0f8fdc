import { isBlockedAddress, resolveTarget, urlProblem } from './url-policy.js';

describe('webhook URL policy (SSRF)', () => {
  it.each([
    ['https://bank.example/hooks/qcr', null],
    ['http://bank.example/hooks', null],
    ['ftp://bank.example/x', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:pw@bank.example/x', 'credentials'],
    ['not a url', 'url'],
  ])('%s → %s', (url, rule) => expect(urlProblem(url)).toBe(rule));

  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false],
    ['2001:4860:4860::8888', false],
  ])('%s blocked: %s', (address, blocked) => expect(isBlockedAddress(address)).toBe(blocked));

  it('refuses loopback unless allowed (tests)', async () => {
    await expect(resolveTarget('127.0.0.1', false)).rejects.toThrow(/private or loopback/);
    await expect(resolveTarget('127.0.0.1', true)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
  });
});
