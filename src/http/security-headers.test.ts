import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-db.ts';

/** Security headers (OWASP ASVS V14.4) on answers of every kind, and no internals in an error. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const directives = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

describe('security headers', () => {
  it.each([
    ['a JSON answer', 'GET', '/api/v1/municipalities', undefined, 200],
    ['a problem for a bad request', 'POST', '/api/v1/municipalities', '{"code":', 400],
    ['a problem for nothing found', 'GET', '/api/v1/nothing-here', undefined, 404],
  ] as const)('are on %s', async (_what, method, url, payload, status) => {
    const r = await t.app.inject({ method, url, ...(payload ? { payload, headers: { 'content-type': 'application/json' } } : {}) });
    expect(r.statusCode).toBe(status);
    const csp = directives(String(r.headers['content-security-policy']));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'self'"]);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['referrer-policy']).toBe('same-origin');
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  it('gives a malformed request a problem without a stack trace or the server’s file paths', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/municipalities', payload: '{"code": "0138", "name": ', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toMatch(/\bat .+\(|node_modules|\/src\/|\.ts:\d+/);
  });

  it('lets the API documentation page load its own script under a policy of its own', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(r.statusCode).toBe(200);
    const csp = directives(String(r.headers['content-security-policy']));
    expect(csp['script-src']).toContain("'self'");
    expect(csp['script-src'] ?? []).not.toContain("'unsafe-inline'");
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
  });
});
