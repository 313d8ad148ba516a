import { expect, it } from 'vitest';
// @ts-expect-error: the module does not exist, on purpose
import { nothing } from './no-such-module.ts';

it('never runs', () => expect(nothing).toBe(undefined));
