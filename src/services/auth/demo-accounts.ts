import type { Role } from '../../domain/access/policy.ts';
import type { Db } from '../strategy/document.repo.ts';
import { createUser, findUserIdByEmail, grantRole } from './accounts.service.ts';

/**
 * The demo accounts: one per role in each demo municipality, all with the same published password.
 * They exist only where the demo data was loaded, the server says so loudly at start, and the sign-in
 * page lists them. Never in production: `DEMO_DATA=off` loads neither.
 */
export const DEMO_PASSWORD = 'samspel-demo';

const ROLE_WORDS: Record<Role, [local: string, display: string]> = {
  administrator: ['admin', 'Administratör'],
  strategist: ['strateg', 'Strateg'],
  reporter: ['rapportor', 'Rapportör'],
  reader: ['lasare', 'Läsare'],
};

export function demoEmail(code: string, role: Role): string {
  return `${ROLE_WORDS[role][0]}.${code}@demo.samspel.se`;
}

/**
 * Makes the demo accounts of a municipality (idempotent). The reporter's role is for `reporterUnitId`
 * (a unit below the committees, to show a unit's view) or the whole municipality when there is none.
 */
export async function ensureDemoAccounts(db: Db, code: string, name: string, reporterUnitId: string | null): Promise<void> {
  for (const role of Object.keys(ROLE_WORDS) as Role[]) {
    const email = demoEmail(code, role);
    const id = (await findUserIdByEmail(db, email)) ?? (await createUser(db, { email, displayName: `${ROLE_WORDS[role][1]}, ${name} (demo)`, password: DEMO_PASSWORD, demo: true })).id;
    await grantRole(db, id, { municipalityCode: code, role, unitId: role === 'reporter' ? reporterUnitId : null });
  }
}

/** The demo accounts and their password, when there are any (the sign-in page shows them). */
export async function demoAccounts(db: Db): Promise<{ password: string; accounts: Array<{ email: string; displayName: string }> } | null> {
  const rows = await db.selectFrom('app_user').select(['email', 'display_name']).where('demo', '=', true).where('disabled', '=', false).orderBy('email').execute();
  if (rows.length === 0) return null;
  return { password: DEMO_PASSWORD, accounts: rows.map((r) => ({ email: r.email, displayName: r.display_name })) };
}

/** Demo accounts for every municipality in the database (the demo data's), the reporter for the unit with the latest report. */
export async function loadDemoAccounts(db: Db): Promise<number> {
  const municipalities = await db.selectFrom('municipality').select(['code', 'name']).orderBy('code').execute();
  for (const m of municipalities) {
    const report = await db.selectFrom('report').select('unit_id').where('municipality_code', '=', m.code).orderBy('created_at', 'desc').orderBy('id').executeTakeFirst();
    await ensureDemoAccounts(db, m.code, m.name, report?.unit_id ?? null);
  }
  return municipalities.length * 4;
}
