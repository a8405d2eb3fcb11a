/** The bench's time-bounded closed loop (bench/lib/timed-load.ts), on a clock the test moves. */
import { runTimedLoad } from '../../bench/lib/timed-load';

/** A clock that moves only when a request "takes" time. */
function fakeClock() {
  let t = 0;
  return { now: () => t, take: (ms: number) => (t += ms) };
}

describe('a load bounded by time and by count', () => {
  it('sends at least minCount requests, however long each takes', async () => {
    const clock = fakeClock();
    const run = await runTimedLoad({
      concurrency: 1,
      minCount: 5,
      maxCount: 100,
      maxMs: 10,
      clock: clock.now,
      op: async () => clock.take(50),
    });
    expect(run.samples).toEqual([50, 50, 50, 50, 50]);
    expect(run.elapsedMs).toBe(250);
  });

  it('stops starting requests once maxMs has passed after the minimum', async () => {
    const clock = fakeClock();
    const run = await runTimedLoad({
      concurrency: 1,
      minCount: 2,
      maxCount: 100,
      maxMs: 100,
      clock: clock.now,
      op: async () => clock.take(30),
    });
    // 30, 60, 90 are under 100 ms, so a fourth starts at 90 and ends at 120; no fifth.
    expect(run.samples).toHaveLength(4);
  });

  it('never sends more than maxCount, across clients, and keeps each client to one request at a time', async () => {
    const clock = fakeClock();
    let inFlight = 0;
    let most = 0;
    const run = await runTimedLoad({
      concurrency: 8,
      minCount: 1,
      maxCount: 20,
      maxMs: 1_000_000,
      clock: clock.now,
      op: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        clock.take(1);
        inFlight -= 1;
      },
    });
    expect(run.samples).toHaveLength(20);
    expect(most).toBe(8);
  });

  it('counts failures as errors, not samples, and does not record warm-up requests', async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const run = await runTimedLoad({
      concurrency: 1,
      warmup: 2,
      minCount: 4,
      maxCount: 4,
      maxMs: 0,
      clock: clock.now,
      op: async (i) => {
        seen.push(i);
        clock.take(10);
        if (i === 3) throw new Error('answered 500');
      },
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run.samples).toHaveLength(3);
    expect(run.errors).toEqual(['answered 500']);
  });
});
