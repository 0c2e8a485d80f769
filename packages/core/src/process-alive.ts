/**
 * Whether a process of this host is alive: how a lock file, a job runner's claim or a worker's scratch folder
 * left by a process killed with -9 is told from one still in use.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
