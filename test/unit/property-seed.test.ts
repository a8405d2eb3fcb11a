/**
 * A failing property test can be replayed from the seed its message names (FC_SEED,
 * test/support/fast-check-seed.ts): the message keeps the seed, and that seed draws the same
 * counterexample again.
 */
import fc from 'fast-check';
import { seedFromEnvironment } from '../support/fast-check-seed';

// Fails for most numbers, so every run finds a counterexample.
const property = () => fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.string(), (n, s) => n % 10 === 0 || s.length > 100);

describe('property tests replayed from their seed', () => {
  it('names the seed and path in a failure, and the seed finds the same counterexample again', () => {
    let message = '';
    try {
      fc.assert(property());
    } catch (error) {
      message = (error as Error).message;
    }
    const named = /\{ seed: (-?\d+), path: "([\d:]+)"/.exec(message);
    expect(named).not.toBeNull();
    const [, seed, path] = named!;
    const first = fc.check(property(), { seed: Number(seed) });
    const again = fc.check(property(), { seed: Number(seed) });
    expect(first.failed).toBe(true);
    expect(again.counterexample).toEqual(first.counterexample);
    expect(first.counterexamplePath).toBe(path);
    expect(message).toContain(`Counterexample: ${fc.stringify(first.counterexample)}`);
  });

  it('reads FC_SEED and FC_PATH, and refuses a seed that is not a whole number', () => {
    expect(seedFromEnvironment({})).toEqual({});
    expect(seedFromEnvironment({ FC_SEED: '-1234' })).toEqual({ seed: -1234 });
    expect(seedFromEnvironment({ FC_SEED: '42', FC_PATH: '0:1' })).toEqual({ seed: 42, path: '0:1' });
    expect(() => seedFromEnvironment({ FC_SEED: 'abc' })).toThrow('FC_SEED must be an integer');
  });
});
