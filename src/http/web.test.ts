import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from './app.ts';
import { createTestDb } from '../../test/support/test-db.ts';

/** The web app as the server serves it: index.html for app routes, cached assets, problems for the API. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-web-'));
fs.mkdirSync(path.join(dir, 'assets'));
fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="sv"><title>Samspel</title><div id="root"></div></html>');
fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');

const db = await createTestDb();
const built = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent', webDir: dir });
const unbuilt = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent', webDir: path.join(dir, 'missing') });
afterAll(async () => {
  await built.close();
  await unbuilt.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (app: App, url: string) => app.inject({ method: 'GET', url });

describe('serving the web app', () => {
  it.each(['/', '/m/0138', '/m/0360/documents/1b2c/action-plan?year=2018', '/m/0138/reports/abc'])('answers %s with the app page, not cached', async (url) => {
    const r = await get(built, url);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('<div id="root">');
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const r = await get(built, '/assets/index-abc123.js');
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('console.log(1)');
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it.each(['/api/v1/nothing-here', '/assets/missing-file.js', '/favicon.ico'])('answers %s with a problem, not the app page', async (url) => {
    const r = await get(built, url);
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(r.body).type).toBe('urn:samspel:problem:not_found');
  });

  it('keeps the API answering beside the app', async () => {
    const r = await get(built, '/api/v1/health');
    expect(r.statusCode).toBe(200);
  });

  it('says how to build the app when it is not built', async () => {
    const r = await get(unbuilt, '/m/0138');
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build');
  });
});
