import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationCompilationDto, ConsultationDto, ConsultationSummaryDto } from '../../src/shared/api/consultation.ts';
import { checkPage, settle, startSite, type Site } from './support/site.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

async function call<T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> {
  const r = await site.app.inject({ method, url, ...(payload ? { payload } : {}) });
  expect(r.statusCode, `${method} ${url}: ${r.body.slice(0, 300)}`).toBeLessThan(300);
  return JSON.parse(r.body) as T;
}

const tyresoConsultation = async () => (await call<ConsultationSummaryDto[]>('GET', '/api/v1/municipalities/0138/consultations'))[0]!;

describe('consultation (remiss)', () => {
  it("a strategist reads the units' comments on Tyresö's draft beside the text, sees who has not answered, and decides on a comment with a reply", async () => {
    const summary = await tyresoConsultation();
    const before = await call<ConsultationDto>('GET', `/api/v1/consultations/${summary.id}`);
    const undecided = before.comments.find((c) => c.decision === null && c.target.kind !== 'document')!;
    expect(undecided).toBeDefined();
    const notAnswered = before.recipients.filter((r) => r.status === 'not_answered');
    expect(notAnswered.length).toBeGreaterThan(0);

    const { page, problems, expectProblem } = await site.newPage({ as: '0138' });
    await page.goto('/m/0138');
    await settle(page);
    await page.getByRole('navigation', { name: /Tyresö/ }).getByRole('link', { name: 'Remiss' }).click();
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: before.document.title }).count()).toBe(1);
    // Units that have not answered are visible by name.
    const recipients = page.getByRole('region', { name: 'Remissinstanser' });
    for (const r of notAnswered) {
      await expect.poll(() => recipients.getByRole('row', { name: new RegExp(r.unitName) }).textContent()).toContain('Har inte svarat');
    }
    // Every comment sits beside the text it concerns.
    const article = page.getByRole('article', { name: undecided.targetLabel });
    await expect.poll(() => article.textContent()).toContain(undecided.text);
    await checkPage(page, 'consultation-tyreso');

    // A partly accepted comment needs a reply: the server says so at the field, and nothing is lost.
    const card = article.getByRole('listitem').filter({ hasText: undecided.text });
    await card.getByRole('button', { name: 'Ta ställning' }).click();
    await card.getByLabel('Delvis beaktad').check();
    expectProblem(400, /\/api\/v1\/consultation-comments\//);
    expectProblem(422, /\/api\/v1\/consultation-comments\//);
    await card.getByRole('button', { name: 'Spara ställningstagandet' }).click();
    await expect.poll(() => card.locator('.field-error').textContent()).toBeTruthy();
    await card.getByLabel('Svar', { exact: true }).fill('Vi lägger till språkpraktik i två förvaltningar det första året.');
    await card.getByRole('button', { name: 'Spara ställningstagandet' }).click();
    // Saved when the form has closed and the decision shows as a chip with the reply.
    await expect.poll(() => card.getByRole('button', { name: 'Spara ställningstagandet' }).count()).toBe(0);
    await expect.poll(() => card.locator('.chip').textContent()).toContain('Delvis beaktad');

    const after = await call<ConsultationCompilationDto>('GET', `/api/v1/consultations/${summary.id}/compilation`);
    const decided = after.targets.flatMap((t) => t.comments).find((c) => c.id === undecided.id)!;
    expect(decided.decision).toBe('partly_accepted');
    expect(decided.reply).toBe('Vi lägger till språkpraktik i två förvaltningar det första året.');
    expect(after.counts.partly_accepted).toBe(before.comments.filter((c) => c.decision === 'partly_accepted').length + 1);
    expect(problems()).toEqual([]);
  });

  it('a unit that has not answered comments on a goal of the draft and sends its answer', async () => {
    const summary = await tyresoConsultation();
    const before = await call<ConsultationDto>('GET', `/api/v1/consultations/${summary.id}`);
    const unit = before.recipients.find((r) => r.status === 'not_answered')!;
    const { page, problems } = await site.newPage({ as: '0138' });
    await page.goto(`/m/0138/consultation`);
    await settle(page);
    await page.getByLabel('Remissinstans', { exact: true }).selectOption({ label: unit.unitName });
    const goalOption = await page.getByLabel('Synpunkten gäller').locator('optgroup[label="Mål"] option').first();
    const goalValue = (await goalOption.getAttribute('value'))!;
    await page.getByLabel('Synpunkten gäller').selectOption(goalValue);
    await page.getByLabel('Synpunkt', { exact: true }).fill('Målet bör också gälla nyanlända som studerar på komvux.');
    await page.getByLabel('Roll (valfritt)').fill('förvaltningschef');
    await page.getByRole('button', { name: 'Lämna synpunkt' }).click();
    await settle(page);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Synpunkten är sparad.' }).count()).toBe(1);
    await checkPage(page, 'consultation-answer');
    await page.getByRole('button', { name: 'Skicka remissvaret' }).click();
    // The answer is sent when the unit leaves the list of those that can still answer.
    await expect.poll(() => page.getByLabel('Remissinstans', { exact: true }).locator('option', { hasText: unit.unitName }).count()).toBe(0);

    const after = await call<ConsultationDto>('GET', `/api/v1/consultations/${summary.id}`);
    const mine = after.comments.filter((c) => c.unitId === unit.unitId && c.text.startsWith('Målet bör också gälla'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.target).toEqual({ kind: 'goals', key: goalValue.split(':')[1] });
    expect(mine[0]!.role).toBe('förvaltningschef');
    expect(after.recipients.find((r) => r.unitId === unit.unitId)!.status).toBe('answered');
    expect(problems()).toEqual([]);
  });

  it("a strategist sends a draft of Östersund's strategy to three units with a deadline", async () => {
    const docs = await call<{ items: Array<{ id: string; lockVersion: number }> }>('GET', '/api/v1/municipalities/2380/documents');
    const draft = await call<{ id: string }>('POST', `/api/v1/documents/${docs.items[0]!.id}/revise`, { lockVersion: docs.items[0]!.lockVersion });
    const { page, problems } = await site.newPage({ as: '2380' });
    await page.goto(`/m/2380/documents/${draft.id}/consultation`);
    await settle(page);
    const units = page.getByRole('group', { name: 'Remissinstanser' }).getByRole('checkbox');
    const n = Math.min(3, await units.count());
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await units.nth(i).check();
    await page.getByLabel('Sista svarsdag').fill('2099-03-31');
    await page.getByLabel('Missiv').fill('Nämnderna ombeds lämna synpunkter på förslaget till reviderad strategi.');
    await checkPage(page, 'consultation-send');
    await page.getByRole('button', { name: new RegExp(`till ${n === 1 ? 'en enhet' : `${n} enheter`}`) }).click();
    await settle(page);
    await expect.poll(() => page.getByRole('region', { name: 'Remissinstanser' }).getByRole('row').count()).toBe(n + 1);
    const sent = await call<ConsultationSummaryDto[]>('GET', `/api/v1/documents/${draft.id}/consultations`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.deadline).toBe('2099-03-31');
    expect(sent[0]!.counts.recipients).toBe(n);
    expect(sent[0]!.document.status).toBe('consultation');
    expect(problems()).toEqual([]);
  });
});
