/**
 * Property tests (fast-check) can be replayed: a failing property's message names its seed and
 * path ("{ seed: 1234, path: "0:1", ... }"), and FC_SEED=1234 (with FC_PATH="0:1" to go straight
 * to the shrunk counterexample) runs every property with that seed. Loaded before each test file
 * (jest.config.js setupFiles).
 */
import fc from 'fast-check';

export function seedFromEnvironment(env: NodeJS.ProcessEnv): { seed?: number; path?: string } {
  if (env.FC_SEED === undefined) return {};
  const seed = Number(env.FC_SEED);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, as in a failing property's message, not "${env.FC_SEED}"`);
  return env.FC_PATH ? { seed, path: env.FC_PATH } : { seed };
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), ...seedFromEnvironment(process.env) });
