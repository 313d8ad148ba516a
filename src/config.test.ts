import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('configuration', () => {
  it('works with no settings at all: PGlite in ./data/db on port 3000', () => {
    const r = readConfig({});
    expect(r).toEqual({
      ok: true,
      config: expect.objectContaining({ port: 3000, host: '127.0.0.1', database: { kind: 'pglite', dataDir: './data/db', sharedBuffers: '16MB', appRole: 'samspel_app' }, demoData: 'auto' }),
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const r = readConfig({ DATABASE_URL: 'postgres://u@h:5432/d', DATABASE_POOL_SIZE: '4' });
    expect(r.ok && r.config.database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/d', poolSize: 4, pooling: 'session', appRole: 'samspel_app' });
  });

  it('behind a transaction pooler, needs a direct URL for the migrations, and takes only a plain role name', () => {
    const pooled = readConfig({ DATABASE_URL: 'postgres://u@pooler:6432/d', DATABASE_POOLING: 'transaction' });
    expect(pooled).toEqual({ ok: false, problems: [expect.stringMatching(/^DATABASE_MIGRATION_URL: with DATABASE_POOLING=transaction/)] });
    const ok = readConfig({ DATABASE_URL: 'postgres://u@pooler:6432/d', DATABASE_POOLING: 'transaction', DATABASE_MIGRATION_URL: 'postgres://u@db:5432/d', DATABASE_APP_ROLE: 'kommun_app' });
    expect(ok.ok && ok.config.database).toEqual({ kind: 'postgres', url: 'postgres://u@pooler:6432/d', poolSize: 10, pooling: 'transaction', migrationUrl: 'postgres://u@db:5432/d', appRole: 'kommun_app' });
    const bad = readConfig({ DATABASE_APP_ROLE: 'app; drop table x' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]).toMatch(/^DATABASE_APP_ROLE: must be a plain lower-case PostgreSQL role name/);
  });

  it('treats an empty value as not set', () => {
    const r = readConfig({ DATABASE_URL: '', PORT: '' });
    expect(r.ok && r.config.database.kind).toBe('pglite');
    expect(r.ok && r.config.port).toBe(3000);
  });

  it('makes session cookies Secure behind a TLS proxy unless told otherwise', () => {
    const cookie = (env: Record<string, string>) => {
      const r = readConfig(env);
      return r.ok ? r.config.auth.cookieSecure : null;
    };
    expect(cookie({})).toBe('auto');
    expect(cookie({ TRUST_PROXY: 'on' })).toBe('always');
    expect(cookie({ TRUST_PROXY: 'on', COOKIE_SECURE: 'never' })).toBe('never');
    expect(cookie({ COOKIE_SECURE: 'always' })).toBe('always');
  });

  it('takes DEMO_DATA on, off and auto', () => {
    for (const v of ['on', 'off', 'auto'] as const) {
      const r = readConfig({ DEMO_DATA: v });
      expect(r.ok && r.config.demoData).toBe(v);
    }
  });

  it('lists every problem at once, each naming its setting', () => {
    const r = readConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_DATA: 'sometimes', LOG_LEVEL: 'loud' });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toHaveLength(4);
    for (const key of ['PORT', 'DATABASE_URL', 'DEMO_DATA', 'LOG_LEVEL']) expect(problems.some((p) => p.startsWith(`${key}:`))).toBe(true);
  });
});

describe('configuration of single sign-on (OIDC)', () => {
  const complete = {
    OIDC_ISSUER: 'https://login.tyreso.example/realms/staff',
    OIDC_CLIENT_ID: 'samspel',
    OIDC_CLIENT_SECRET: 'q8Vn2kLr0XbT5wYe3JmA9sDf',
    OIDC_REDIRECT_URI: 'https://samspel.tyreso.example/api/v1/auth/oidc/callback',
  };
  const problemsOf = (env: Record<string, string>) => {
    const r = readConfig(env);
    return r.ok ? [] : r.problems;
  };

  it('is off without settings, and on with all four, with a default label and no role claim', () => {
    const off = readConfig({});
    expect(off.ok && off.config.oidc).toBeUndefined();
    const on = readConfig({ ...complete, OIDC_ROLE_CLAIM: 'samspel_roles' });
    expect(on.ok && on.config.oidc).toEqual({
      issuer: 'https://login.tyreso.example/realms/staff',
      clientId: 'samspel',
      clientSecret: 'q8Vn2kLr0XbT5wYe3JmA9sDf',
      redirectUri: 'https://samspel.tyreso.example/api/v1/auth/oidc/callback',
      label: 'Logga in med organisationens konto',
      roleClaim: 'samspel_roles',
      allowInsecureHttp: false,
    });
    const noRoles = readConfig(complete);
    expect(noRoles.ok && noRoles.config.oidc && 'roleClaim' in noRoles.config.oidc).toBe(false);
  });

  it('needs all four settings or none, naming each one missing', () => {
    const problems = problemsOf({ OIDC_ISSUER: complete.OIDC_ISSUER, OIDC_CLIENT_ID: 'samspel' });
    expect(problems.filter((p) => p.startsWith('OIDC_')).map((p) => p.split(':')[0]).sort()).toEqual(['OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI']);
    expect(problemsOf({ OIDC_CLIENT_SECRET: complete.OIDC_CLIENT_SECRET }).map((p) => p.split(':')[0]).sort()).toEqual(['OIDC_CLIENT_ID', 'OIDC_ISSUER', 'OIDC_REDIRECT_URI']);
  });

  it('refuses a short client secret and one that looks like a placeholder', () => {
    expect(problemsOf({ ...complete, OIDC_CLIENT_SECRET: 'short-1234' })).toEqual([expect.stringMatching(/^OIDC_CLIENT_SECRET: .*16 characters/)]);
    for (const placeholder of ['change-me-change-me-123', 'my-client-secret-goes-here', 'xxxxxxxxxxxxxxxxxxxx']) {
      expect(problemsOf({ ...complete, OIDC_CLIENT_SECRET: placeholder })).toEqual([expect.stringMatching(/^OIDC_CLIENT_SECRET: .*placeholder/)]);
    }
  });

  it('refuses http:// URLs unless OIDC_ALLOW_HTTP=on', () => {
    const http = { ...complete, OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_REDIRECT_URI: 'http://127.0.0.1:3000/api/v1/auth/oidc/callback' };
    expect(problemsOf(http).map((p) => p.split(':')[0]).sort()).toEqual(['OIDC_ISSUER', 'OIDC_REDIRECT_URI']);
    const allowed = readConfig({ ...http, OIDC_ALLOW_HTTP: 'on' });
    expect(allowed.ok && allowed.config.oidc?.allowInsecureHttp).toBe(true);
  });

  it('refuses an issuer that is not a URL', () => {
    expect(problemsOf({ ...complete, OIDC_ISSUER: 'login.tyreso.example' }).some((p) => p.startsWith('OIDC_ISSUER:'))).toBe(true);
  });
});
