import { startStoreReceiver } from './dimse.ts';
import dimse from 'dcmjs-dimse';
const r = await startStoreReceiver({ port: 0, host: '127.0.0.1', aeTitle: 'ONCO', into: '/tmp/rx/dbg', onProblem: (p) => console.log('problem', p) });
dimse.log.setLevel('info');
console.log('port', r.port);
process.on('uncaughtException', (e) => console.log('UNCAUGHT', e));
setTimeout(() => r.close(), Number(process.argv[2] ?? 5000));
