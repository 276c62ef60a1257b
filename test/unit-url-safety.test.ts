import { expect } from '@open-wc/testing';
import { HostedAuthError } from '../src/errors.js';
import { checkSessionUrl, originOf, parseAllowedOrigins } from '../src/session/url-safety.js';

describe('checkSessionUrl', () => {
  const accepted: { url: string; allowed?: string[]; href?: string }[] = [
    { url: 'https://auth.ultrapassid.com/uauth?sessionId=c849466775754912bbc9058e627925f0' },
    { url: 'https://id.complycube.com/test_ODdk?theme=light' },
    { url: 'https://id.example', href: 'https://id.example/' },
    { url: 'https://ID.Example:443/Path#frag', href: 'https://id.example/Path#frag' },
    { url: 'http://localhost/flow' },
    { url: 'http://localhost:4100/flow?x=1' },
    { url: 'http://127.0.0.1:8080/flow' },
    { url: 'https://id.example/s/1', allowed: ['https://id.example'] },
    { url: 'https://id.example:8443/s', allowed: ['https://other.example', 'https://id.example:8443'] },
    { url: 'http://127.0.0.1:9000/s', allowed: ['http://127.0.0.1:9000'] },
  ];
  for (const { url, allowed, href } of accepted) {
    it(`accepts ${url}${allowed ? ` within ${allowed.join(' ')}` : ''}`, () => {
      expect(checkSessionUrl(url, allowed)).to.equal(href ?? url);
    });
  }

  const refused: { name: string; url: unknown; allowed?: string[] }[] = [
    { name: 'javascript:', url: 'javascript:alert(1)' },
    { name: 'JavaScript: in mixed case', url: 'JaVaScRiPt:alert(document.domain)' },
    { name: 'javascript: with an https-looking comment', url: 'javascript://https://id.example/%0aalert(1)' },
    { name: 'data:', url: 'data:text/html,<script>alert(1)</script>' },
    { name: 'data: base64', url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
    { name: 'blob:', url: 'blob:https://id.example/2c1e6a1e-0000-4000-8000-000000000000' },
    { name: 'file:', url: 'file:///etc/passwd' },
    { name: 'ftp:', url: 'ftp://id.example/file' },
    { name: 'about:blank', url: 'about:blank' },
    { name: 'ws:', url: 'wss://id.example/socket' },
    { name: 'relative path', url: '/hosted/flow' },
    { name: 'relative name', url: 'hosted/flow' },
    { name: 'scheme-less host (Fiskil seed)', url: 'auth-session.com/redirect-url' },
    { name: 'protocol-relative', url: '//id.example/flow' },
    { name: 'plain http', url: 'http://id.example/flow' },
    { name: 'http on a localhost look-alike', url: 'http://localhost.evil.example/flow' },
    { name: 'http on another loopback address', url: 'http://127.0.0.2/flow' },
    { name: 'http on IPv6 loopback (not in the SPEC list)', url: 'http://[::1]/flow' },
    { name: 'user-info', url: 'https://user:pass@id.example/flow' },
    { name: 'user name only', url: 'https://id.example@evil.example/flow' },
    { name: 'leading space', url: ' https://id.example/flow' },
    { name: 'trailing space', url: 'https://id.example/flow ' },
    { name: 'leading tab', url: '\thttps://id.example/flow' },
    { name: 'trailing newline', url: 'https://id.example/flow\n' },
    { name: 'newline inside the scheme', url: 'java\nscript:alert(1)' },
    { name: 'NUL byte', url: 'https://id.example/\u0000' },
    { name: 'DEL byte', url: 'https://id.example/\u007f' },
    { name: 'empty string', url: '' },
    { name: 'not a URL', url: 'https://' },
    { name: 'null', url: null },
    { name: 'undefined', url: undefined },
    { name: 'a number', url: 42 },
    { name: 'a URL object', url: new URL('https://id.example/flow') },
    { name: 'origin outside allowed-origins', url: 'https://evil.example/flow', allowed: ['https://id.example'] },
    { name: 'subdomain of an allowed origin', url: 'https://x.id.example/flow', allowed: ['https://id.example'] },
    {
      name: 'allowed origin as a prefix',
      url: 'https://id.example.evil.example/flow',
      allowed: ['https://id.example'],
    },
    {
      name: 'allowed origin in the query',
      url: 'https://evil.example/?https://id.example',
      allowed: ['https://id.example'],
    },
    { name: 'allowed origin on another port', url: 'https://id.example:8443/flow', allowed: ['https://id.example'] },
    { name: 'allowed origin over http', url: 'http://localhost:4100/flow', allowed: ['http://localhost:4101'] },
    { name: 'localhost vs 127.0.0.1', url: 'http://127.0.0.1:4100/flow', allowed: ['http://localhost:4100'] },
  ];
  for (const { name, url, allowed } of refused) {
    it(`refuses ${name} with invalid_session_url`, () => {
      expect(() => checkSessionUrl(url, allowed))
        .to.throw(HostedAuthError)
        .with.property('code', 'invalid_session_url');
    });
  }
});

describe('parseAllowedOrigins', () => {
  const cases: { value: string | null | undefined; origins: string[] }[] = [
    { value: null, origins: [] },
    { value: undefined, origins: [] },
    { value: '', origins: [] },
    { value: '   ', origins: [] },
    { value: 'https://id.example', origins: ['https://id.example'] },
    {
      value: '  https://id.example\n\thttp://localhost:4100   https://ID.EXAMPLE:443/ ',
      origins: ['https://id.example', 'http://localhost:4100', 'https://id.example'],
    },
    { value: 'https://id.example/some/path?x=1', origins: ['https://id.example'] },
  ];
  for (const { value, origins } of cases) {
    it(`reads ${JSON.stringify(value)}`, () => {
      expect(parseAllowedOrigins(value)).to.deep.equal(origins);
    });
  }

  for (const value of [
    'id.example',
    '*',
    'null',
    'javascript:alert(1)',
    'data:,x',
    'ftp://id.example',
    'https://ok.example /relative',
  ]) {
    it(`refuses ${JSON.stringify(value)} with config`, () => {
      expect(() => parseAllowedOrigins(value))
        .to.throw(HostedAuthError)
        .with.property('code', 'config');
    });
  }

  it('originOf() answers only for absolute http(s) URLs', () => {
    expect(originOf('https://id.example:443/x')).to.equal('https://id.example');
    expect(originOf('http://localhost:4100/')).to.equal('http://localhost:4100');
    for (const url of ['javascript:alert(1)', 'data:,x', '/x', 'id.example', '']) {
      expect(originOf(url), url).to.equal(undefined);
    }
  });
});
