import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DQN_DEFAULTS, DQN_SCHEMA } from '../../src/agents/dqn/config.js';
import { checkValue, configJsonSchema, mergeConfig, type ConfigSchema } from '../../src/core/config.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

interface Toy { rate: number; count: number; mode: 'a' | 'b'; on: boolean; sizes: number[]; name: string }
const TOY_DEFAULTS: Toy = { rate: 0.5, count: 1, mode: 'a', on: true, sizes: [2], name: 'x' };
const TOY: ConfigSchema<Toy> = {
  rate: z.number().gt(0).lt(1), count: z.int().min(0).max(9), mode: z.enum(['a', 'b']), on: z.boolean(), sizes: z.array(z.int().min(1)).min(1), name: z.string(),
};

describe('configs checked by zod schemas', () => {
  it('merges over frozen defaults and names the key, the rule (read off the schema) and the value', () => {
    const c = mergeConfig('toy', TOY_DEFAULTS, TOY, { count: 3 });
    expect(c).toEqual({ ...TOY_DEFAULTS, count: 3 });
    expect(Object.isFrozen(c)).toBe(true);
    const bad: [Partial<Record<keyof Toy, unknown>>, string][] = [
      [{ rate: 1 }, 'toy.rate must be a number > 0 and < 1, got 1'],
      [{ rate: Number.NaN }, 'toy.rate must be a number > 0 and < 1, got NaN'],
      [{ count: 10 }, 'toy.count must be an integer >= 0 and <= 9, got 10'],
      [{ count: 2.5 }, 'toy.count must be an integer >= 0 and <= 9, got 2.5'],
      [{ mode: 'c' }, 'toy.mode must be one of a, b, got "c"'],
      [{ on: 'yes' }, 'toy.on must be true or false, got "yes"'],
      [{ sizes: [] }, 'toy.sizes must be an array of at least 1 numbers, got []'],
      [{ sizes: [3, 0] }, 'toy.sizes[1] must be an integer >= 1, got 0'],
      [{ name: 7 }, 'toy.name must be a string, got 7'],
    ];
    for (const [input, message] of bad) expect(() => mergeConfig('toy', TOY_DEFAULTS, TOY, input)).toThrow(new InvalidArgumentError(message));
    expect(() => mergeConfig('toy', TOY_DEFAULTS, TOY, { speed: 1 })).toThrow(new InvalidArgumentError('toy config has an unknown key "speed"; allowed keys: rate, count, mode, on, sizes, name'));
    expect(() => mergeConfig('toy', TOY_DEFAULTS, TOY, [1])).toThrow(new InvalidArgumentError('toy config must be an object, got [1]'));
    expect(() => checkValue('x', z.int(), 'a')).toThrow(new InvalidArgumentError('x must be an integer, got "a"'));
  });

  it("gives a config's JSON Schema with its defaults and ranges (for forms and docs)", () => {
    const js = configJsonSchema(DQN_SCHEMA, DQN_DEFAULTS) as { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean };
    expect(js.additionalProperties).toBe(false);
    expect(js.properties.gamma).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: 0.99 });
    expect(js.properties.learningRate).toMatchObject({ exclusiveMinimum: 0, maximum: 1, default: 1e-4 });
    expect(js.properties.loss).toMatchObject({ enum: ['huber', 'mse'], default: 'huber' });
    expect(js.properties.exploration?.default).toEqual(DQN_DEFAULTS.exploration);
    expect(Object.keys(js.properties)).toEqual(Object.keys(DQN_DEFAULTS));
  });
});
