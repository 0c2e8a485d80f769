/**
 * The child process of startS3Server: fauxqs serving S3 from a storage folder, on loopback only. Prints
 * {"port":N} once it listens and exits when its parent closes stdin (so a killed test run leaves no server).
 *
 * fauxqs always listens on 0.0.0.0 (its startFauxqs has no bind option); a test server must not be
 * reachable from the network, so the listen call is narrowed to 127.0.0.1 before fauxqs makes it.
 */
import net from 'node:net';
import { startFauxqs } from 'fauxqs';

const storageDir = process.argv[2];
if (!storageDir) throw new Error('usage: s3-server-child.ts STORAGE_DIR');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  const [first] = args;
  if (first !== null && typeof first === 'object' && (first as net.ListenOptions).host === '0.0.0.0') {
    args[0] = { ...(first as net.ListenOptions), host: '127.0.0.1' };
  }
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;

const server = await startFauxqs({ port: 0, logger: false, s3StorageDir: storageDir });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
const stop = (): void => {
  void server.stop().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
