import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserView } from '../../src/shared/api/auth.ts';
import { DEMO_PASSWORD, demoEmail } from '../../src/services/auth/demo-accounts.ts';
import { checkPage, settle, signIn, startSite, type Site } from './support/site.ts';

/**
 * Signing in and out, and what a role shows: the sign-in page by keyboard alone, its errors in
 * words (a wrong password, too many attempts), the demo accounts that fill the form, signing out;
 * a reporter's view (no Users, no editing, no reviewing); an administrator who adds a user with a
 * role, gives another and takes one away; the account page's API tokens, made and revoked.
 */

// The browser's globals used in functions that run in the page (this file is compiled without the DOM library).
declare const document: { activeElement: { id?: string; tagName: string } | null };
declare const navigator: { clipboard: { readText(): Promise<string> } };

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const HUMAN = { delay: 25 };

async function call<T>(method: 'GET' | 'POST', url: string, payload?: unknown, authorization?: string): Promise<{ status: number; body: T }> {
  const r = await site.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), ...(authorization === undefined ? {} : { headers: { authorization } }) });
  return { status: r.statusCode, body: (r.body ? r.json() : undefined) as T };
}
const usersOf = async (code: string) => (await call<UserView[]>('GET', `/api/v1/municipalities/${code}/users`)).body;
/** The signed-in user as the browser's own session says (null: nobody). */
const whoAmI = async (page: Page) => ((await (await page.request.get('/api/v1/auth/session')).json()) as { user: { email: string } | null }).user?.email ?? null;

/** Tabs from the top of the page until the element with this id has the focus; fails after 30 presses. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

describe('signing in and out', () => {
  it('a visitor is sent to the sign-in page, gets the password wrong, then signs in with the keyboard alone and comes back', async () => {
    const { page, problems, expectProblem } = await site.newPage();
    // Follow-up is internal: the API answers 401 and the app asks the visitor to sign in first.
    expectProblem(401, /\/api\/v1\/(municipalities|documents)\//);
    await page.goto('/m/0138/follow-up');
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/m/0138/follow-up');
    await settle(page);
    expect(await page.getByText('Sidan du ville se kräver att du är inloggad.').count()).toBe(1);
    // Demo mode is said loudly, with the shared password.
    const demo = page.getByRole('region', { name: 'Demoläge: konton att prova med' });
    expect(await demo.textContent()).toContain(DEMO_PASSWORD);
    expect(await demo.getByRole('button').count()).toBe(16);
    await checkPage(page, 'login');

    // A wrong password: the error in words, the password emptied and focused for another try.
    expectProblem(401, /\/api\/v1\/auth\/login$/);
    await tabTo(page, 'login-email');
    await page.keyboard.type(demoEmail('0138', 'strategist'), HUMAN);
    await page.keyboard.press('Tab');
    await page.keyboard.type('fel-lösenord-helt-enkelt', HUMAN);
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await eventually(() => alert.textContent()).toBe('Fel e-postadress eller lösenord. Kontrollera stavningen och försök igen.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    expect(await page.getByLabel('Lösenord', { exact: true }).inputValue()).toBe('');
    await checkPage(page, 'login-wrong-password');

    // The right one, by keyboard (checkPage left the focus on a language button): back to the page the visitor wanted.
    await tabTo(page, 'login-password');
    await page.keyboard.type(DEMO_PASSWORD, HUMAN);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/m/0138/follow-up');
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Uppföljning');
    expect(await page.getByRole('link', { name: 'Inloggad som Strateg, Tyresö (demo)' }).count()).toBe(1);
    expect(await whoAmI(page)).toBe(demoEmail('0138', 'strategist'));
    expect(problems()).toEqual([]);
  });

  it('a demo account button fills the form from the keyboard; the user signs in, then signs out', async () => {
    const { page, problems } = await site.newPage();
    await page.goto('/login');
    await settle(page);
    const button = page.getByRole('button', { name: /^Rapportör, Östersund \(demo\)/ });
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('E-postadress', { exact: true }).inputValue()).toBe(demoEmail('2380', 'reporter'));
    expect(await page.getByLabel('Lösenord', { exact: true }).inputValue()).toBe(DEMO_PASSWORD);
    // The focus moves to the button that signs in, and the page says what happened.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
    await eventually(() => page.getByRole('status').filter({ hasText: 'Formuläret är ifyllt för Rapportör, Östersund (demo).' }).count()).toBe(1);
    await page.keyboard.press('Enter');
    // No page to return to: the user's municipality.
    await page.waitForURL((u) => u.pathname === '/m/2380');
    await settle(page);
    expect(await whoAmI(page)).toBe(demoEmail('2380', 'reporter'));

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await eventually(() => page.getByText('Du har loggat ut.').count()).toBe(1);
    expect(await whoAmI(page)).toBe(null);
    expect(await page.getByRole('button', { name: 'Logga ut' }).count()).toBe(0);
    expect(problems()).toEqual([]);
  });

  it('after five wrong passwords the form says to wait fifteen minutes', async () => {
    const { page, problems, expectProblem } = await site.newPage();
    expectProblem(429, /\/api\/v1\/auth\/login$/);
    const email = demoEmail('0481', 'reader');
    for (let i = 0; i < 5; i++) expect((await page.request.post('/api/v1/auth/login', { data: { email, password: `fel-${i}-fel-fel-fel` } })).status()).toBe(401);
    await page.goto('/login');
    await settle(page);
    await page.getByLabel('E-postadress', { exact: true }).fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await eventually(() => page.getByRole('alert').textContent()).toBe('För många misslyckade inloggningar. Försök igen om 15 minuter.');
    expect(await whoAmI(page)).toBe(null);
    expect(problems()).toEqual([]);
  });
});

describe('single sign-on that failed', () => {
  it('the sign-in page says why, in words, when the organisation’s sign-in sends the browser back with a reason', async () => {
    const { page, problems } = await site.newPage();
    await page.goto('/login?error=sso&reason=state');
    await settle(page);
    await eventually(() => page.getByRole('alert').textContent()).toBe('Inloggningen med organisationens konto kunde inte slutföras: den hade gått ut eller redan använts. Försök igen.');
    // A reason the page does not know is told as a refused answer, never shown raw.
    await page.goto('/login?error=sso&reason=%3Cscript%3E');
    await settle(page);
    await eventually(() => page.getByRole('alert').textContent()).toBe('Svaret från organisationens inloggning kunde inte godtas. Försök igen.');
    await checkPage(page, 'login-sso-failed');
    expect(problems()).toEqual([]);
  });
});

describe('what a role shows', () => {
  it('a reporter sees follow-up, but no Users page, no editing in a draft and no reviewing of a report', async () => {
    // A draft in Tyresö: the strategy on remiss comes back to draft.
    const docs = (await call<{ items: Array<{ id: string; key: string; status: string; lockVersion: number }> }>('GET', '/api/v1/municipalities/0138/documents?limit=500')).body.items;
    const onRemiss = docs.find((d) => d.status === 'consultation')!;
    expect((await call('POST', `/api/v1/documents/${onRemiss.id}/return-to-draft`, { lockVersion: onRemiss.lockVersion })).status).toBe(200);
    const adopted = docs.find((d) => d.key === 'integrationsstrategi' && d.status === 'adopted')!;
    const reports = (await call<Array<{ id: string; status: string; unit: { name: string } }>>('GET', `/api/v1/documents/${adopted.id}/reports?period=2025`)).body;
    const submitted = reports.find((r) => r.status === 'submitted')!;

    // The same draft and report as the administrator sees them: the controls are there to hide.
    const admin = await site.newPage({ as: '0138' });
    await admin.page.goto(`/m/0138/documents/${onRemiss.id}`);
    await settle(admin.page);
    await eventually(() => admin.page.getByRole('button', { name: 'Anta …' }).count()).toBe(1);
    expect(await admin.page.getByRole('button', { name: /^Lägg till/ }).count()).toBeGreaterThan(0);
    await admin.page.goto(`/m/0138/reports/${submitted.id}?role=approver`);
    await settle(admin.page);
    await eventually(() => admin.page.getByRole('button', { name: 'Godkänn rapporten' }).count()).toBe(1);
    expect(admin.problems()).toEqual([]);

    const { page, problems } = await site.newPage({ as: { code: '0138', role: 'reporter' } });
    await page.goto('/m/0138');
    await settle(page);
    const nav = page.getByRole('navigation', { name: 'Sidor för Tyresö' });
    expect(await nav.getByRole('link', { name: 'Uppföljning' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Användare' }).count()).toBe(0);

    await nav.getByRole('link', { name: 'Uppföljning' }).click();
    await settle(page);
    await eventually(() => page.getByRole('table', { name: /^Enheternas rapporter för/ }).count()).toBe(1);
    // Opening a year is the strategists' work.
    expect(await page.getByText('Öppna ett nytt uppföljningsår').count()).toBe(0);
    await checkPage(page, 'follow-up-reporter');

    await page.goto(`/m/0138/documents/${onRemiss.id}`);
    await settle(page);
    await eventually(() => page.getByText('Du kan läsa dokumentet. Att ändra det kräver rollen strateg eller administratör för hela kommunen.').count()).toBe(1);
    for (const name of [/^Lägg till/, /^Redigera/, 'Anta …', 'Skicka på remiss', 'Spara uppgifterna']) expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Ändringshistorik' }).count()).toBe(0);
    await checkPage(page, 'editor-reporter');

    // Even asked for the reviewer's view, a reporter gets no review buttons and no choice of role.
    await page.goto(`/m/0138/reports/${submitted.id}?role=approver`);
    await settle(page);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(submitted.unit.name);
    for (const name of ['Godkänn rapporten', 'Skicka tillbaka', 'Lås rapporten', 'Öppna igen']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Du arbetar som' }).count()).toBe(0);

    // The Users page itself says why there is nothing, rather than a blank page.
    await page.goto('/m/0138/users');
    await settle(page);
    await eventually(() => page.getByRole('alert').textContent()).toContain('Din roll tillåter inte det här.');
    expect(problems()).toEqual([]);
  });
});

describe('users and roles', () => {
  it('an administrator adds a user with a role for a unit, gives another role and takes the first away; the new user can sign in', async () => {
    const { page, problems } = await site.newPage({ as: '0138' });
    await page.goto('/m/0138');
    await settle(page);
    await page.getByRole('navigation', { name: 'Sidor för Tyresö' }).getByRole('link', { name: 'Användare' }).click();
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Användare och roller');
    await settle(page);
    // The demo accounts are there, with their roles.
    const demoAdmin = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Administratör, Tyresö (demo)' }) });
    expect(await demoAdmin.textContent()).toContain('Hela kommunen');
    await checkPage(page, 'users-tyreso');

    const email = 'nina.nilsson@tyreso.example';
    const form = page.getByRole('region', { name: 'Lägg till en användare' });
    await form.getByLabel('E-postadress').fill(email);
    await form.getByLabel('Namn').fill('Nina Nilsson');
    await form.getByLabel('Roll').selectOption({ label: 'Rapportör' });
    // The units are indented by their depth in the organisation: the option is found by its name.
    const unitOption = form.getByLabel('Gäller för').locator('option', { hasText: 'Integrationsenheten' });
    await form.getByLabel('Gäller för').selectOption((await unitOption.getAttribute('value'))!);
    // A password that is too short is caught before anything is sent.
    await form.getByLabel('Lösenord', { exact: true }).fill('kort');
    await form.getByRole('button', { name: 'Lägg till användaren' }).click();
    await eventually(() => form.getByText('Lösenordet måste ha minst 12 tecken.').count()).toBe(1);
    const password = 'en lång fras som Nina minns';
    await form.getByLabel('Lösenord', { exact: true }).fill(password);
    await form.getByRole('button', { name: 'Lägg till användaren' }).click();
    await eventually(() => page.getByText('Nina Nilsson är tillagd.').count()).toBe(1);

    const nina = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Nina Nilsson' }) });
    await eventually(() => nina.count()).toBe(1);
    expect(await nina.textContent()).toContain('Rapportör');
    expect(await nina.textContent()).toContain('Integrationsenheten');
    let saved = (await usersOf('0138')).find((u) => u.email === email)!;
    expect(saved.grants.map((g) => [g.role, g.unitName])).toEqual([['reporter', 'Integrationsenheten']]);

    // Another role, for the whole municipality.
    await nina.getByRole('button', { name: 'Lägg till en roll för Nina Nilsson' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny roll för Nina Nilsson' });
    await dialog.getByLabel('Roll').selectOption({ label: 'Läsare' });
    await dialog.getByRole('button', { name: 'Lägg till rollen' }).click();
    await eventually(() => page.getByText('Nina Nilsson har fått rollen Läsare.').count()).toBe(1);
    saved = (await usersOf('0138')).find((u) => u.email === email)!;
    expect(saved.grants.map((g) => [g.role, g.unitName]).sort()).toEqual([['reader', null], ['reporter', 'Integrationsenheten']]);

    // The unit's role taken away, after a question.
    await nina.getByRole('button', { name: 'Ta bort rollen Rapportör (Integrationsenheten) från Nina Nilsson' }).click();
    const confirm = page.getByRole('dialog', { name: 'Ta bort rollen?' });
    expect(await confirm.textContent()).toContain('Nina Nilsson förlorar rollen Rapportör för Integrationsenheten direkt.');
    await confirm.getByRole('button', { name: 'Ta bort rollen' }).click();
    await eventually(() => page.getByText('Nina Nilsson har inte längre rollen Rapportör.').count()).toBe(1);
    await eventually(async () => (await nina.textContent()) ?? '').not.toContain('Rapportör');
    saved = (await usersOf('0138')).find((u) => u.email === email)!;
    expect(saved.grants.map((g) => [g.role, g.unitName])).toEqual([['reader', null]]);
    expect(problems()).toEqual([]);

    // Nina signs in with the password she was given, through the form.
    const other = await site.newPage();
    await signIn(other.page, email, password);
    expect(new URL(other.page.url()).pathname).toBe('/m/0138');
    expect(await whoAmI(other.page)).toBe(email);
    expect(other.problems()).toEqual([]);
  });
});

describe('my account', () => {
  it('shows my roles, makes an API token that is shown once and copied, and revokes it after a question', async () => {
    const { page, context, problems } = await site.newPage({ as: '0138' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/m/0138');
    await settle(page);
    await page.getByRole('link', { name: 'Inloggad som Administratör, Tyresö (demo)' }).click();
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mitt konto');
    await settle(page);
    const roles = page.getByRole('table', { name: 'Dina roller i kommunerna' });
    expect((await roles.getByRole('row').nth(1).textContent())?.replace(/\s+/g, ' ')).toBe('TyresöAdministratörHela kommunen');
    expect(await page.getByText('Du har inga API-nycklar.').count()).toBe(1);
    await checkPage(page, 'account');

    const form = page.getByRole('form', { name: 'Ny API-nyckel' });
    await form.getByRole('button', { name: 'Skapa nyckel' }).click();
    await eventually(() => form.getByText('Ge nyckeln ett namn.').count()).toBe(1);
    await form.getByLabel('Namn').fill('Statistikexport');
    await form.getByLabel('Läsa', { exact: true }).check();
    await form.getByRole('button', { name: 'Skapa nyckel' }).click();
    const shown = page.getByRole('region', { name: 'Din nya nyckel: Statistikexport' });
    await eventually(() => shown.count()).toBe(1);
    expect(await shown.textContent()).toContain('Den visas bara den här gången');
    const token = await shown.getByLabel('Nyckeln').inputValue();
    expect(token).toMatch(/^sps_/);
    await shown.getByRole('button', { name: 'Kopiera' }).click();
    await eventually(() => shown.getByText('Nyckeln är kopierad.').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await checkPage(page, 'account-new-token');

    // The token works, for reading.
    expect((await call('GET', '/api/v1/auth/tokens', undefined, `Bearer ${token}`)).status).toBe(200);
    expect((await call('POST', '/api/v1/auth/tokens', { name: 'x' }, `Bearer ${token}`)).status).toBe(403);
    await shown.getByRole('button', { name: 'Jag har sparat nyckeln' }).click();
    expect(await shown.count()).toBe(0);
    const table = page.getByRole('table', { name: 'Dina API-nycklar' });
    const row = table.getByRole('row', { name: /Statistikexport/ });
    expect(await row.textContent()).toContain(`${token.slice(0, 8)}`);
    expect(await row.textContent()).toContain('Läsa');
    expect(await row.textContent()).toContain('Aldrig');

    await row.getByRole('button', { name: 'Återkalla nyckeln Statistikexport' }).click();
    const confirm = page.getByRole('dialog', { name: 'Återkalla nyckeln?' });
    expect(await confirm.textContent()).toContain('Program som använder Statistikexport slutar fungera direkt.');
    await confirm.getByRole('button', { name: 'Återkalla nyckeln' }).click();
    await eventually(() => page.getByText('Nyckeln Statistikexport är återkallad.').count()).toBe(1);
    await eventually(() => row.textContent()).toContain('Återkallad');
    expect(await row.getByRole('button').count()).toBe(0);
    expect((await call('GET', '/api/v1/auth/tokens', undefined, `Bearer ${token}`)).status).toBe(401);
    expect(problems()).toEqual([]);
  });

  it('changes the password: every session ends, and the new password signs in', async () => {
    const email = demoEmail('0481', 'strategist');
    const { page, problems, expectProblem } = await site.newPage({ as: { code: '0481', role: 'strategist' } });
    await page.goto('/account');
    await settle(page);
    const section = page.getByRole('region', { name: 'Byt lösenord' });
    expect(await section.textContent()).toContain('Minst 12 tecken');
    // The wrong current password is said at its field.
    expectProblem(400, /\/api\/v1\/auth\/password$/);
    await section.getByLabel('Nuvarande lösenord').fill('inte-det-här-lösenordet');
    await section.getByLabel('Nytt lösenord').fill('ett helt nytt lösenord');
    await section.getByRole('button', { name: 'Byt lösenord' }).click();
    await eventually(() => section.getByText('Det nuvarande lösenordet stämmer inte.').count()).toBe(1);

    await section.getByLabel('Nuvarande lösenord').fill(DEMO_PASSWORD);
    await section.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await eventually(() => page.getByText('Lösenordet är bytt. Logga in med det nya lösenordet.').count()).toBe(1);
    expect(await whoAmI(page)).toBe(null);
    await signIn(page, email, 'ett helt nytt lösenord');
    expect(new URL(page.url()).pathname).toBe('/m/0481');
    expect(await whoAmI(page)).toBe(email);
    expect(problems()).toEqual([]);
  });
});
