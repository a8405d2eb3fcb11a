/**
 * The bench's floor (bench/README.md, "Floors"): a workflow whose Update handler does no I/O, so
 * an Update to it, or an update-with-start of it, costs only Temporal's own round trips on the
 * same server and worker settings as the system's. Never part of the system's worker.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const floorUpdate = defineUpdate<{ ok: true; n: number }, [unknown]>('floor');
export const floorDoneSignal = defineSignal('floorDone');

export async function noIoFloor(): Promise<void> {
  let n = 0;
  let done = false;
  setHandler(floorUpdate, () => ({ ok: true as const, n: ++n }));
  setHandler(floorDoneSignal, () => {
    done = true;
  });
  await condition(() => done);
}
