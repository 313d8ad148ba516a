import { z } from 'zod';

/** Text that must say something: trimmed, not empty. */
/** PostgreSQL cannot store U+0000 in text; refuse it here so the error names the field. */
const noNul = (s: string) => !s.includes('\u0000');
export const text = (max = 10_000) => z.string().trim().min(1, 'must not be empty').max(max).refine(noNul, 'must not contain the NUL character (U+0000)');
/** Optional text: absent or null means the cell is empty, as in the source. */
export const optionalText = (max = 10_000) => text(max).nullable().default(null);

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

export const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be lower-case letters a–z, digits and hyphens (at most 80), starting with a letter or digit');

export const municipalityCode = z.string().regex(/^\d{4}$/, 'must be a four-digit municipality code, such as 0138');

export const uuid = z.uuid({ message: 'must be an id (UUID)' });

export const year = z.number().int().min(1900).max(2200);

export const lockVersion = z.number().int().min(1).describe('The version you read; a stale one gives 409.');

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
