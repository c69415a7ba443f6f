/** Snapshot files from this size are read on two threads (model/fleet-snapshot.ts). */
export const FLEET_MIN_BYTES = 8 * 2 ** 20;

/**
 * Whether a snapshot file of `size` bytes is worth a second thread. `SSM_REACH_PARALLEL=off`
 * keeps every read on one thread (a container limited to one CPU); `on` uses two at any size.
 */
export function fleetWanted(size: number, env: NodeJS.ProcessEnv): boolean {
  const setting = env['SSM_REACH_PARALLEL'];
  if (setting === 'off' || setting === '0') return false;
  if (setting === 'on' || setting === '1') return true;
  return size >= FLEET_MIN_BYTES;
}
