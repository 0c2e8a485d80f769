'use strict';
// A job tool that tries what the sandbox must stop (tests only): node test/jobs-probe/probe.cjs <what> [arg].
const fs = require('node:fs');
const [what, arg] = process.argv.slice(2);
const manifest = () => JSON.parse(fs.readFileSync('/data/manifest.json', 'utf8'));
const firstImage = () => manifest().files.find((f) => f.path.endsWith('.dcm')).path;
switch (what) {
  case 'ok':
    fs.writeFileSync('/output/counts.csv', 'modality,n\nCT,40\nMR,12\n');
    console.log('probe: ok');
    break;
  case 'net': {
    // Default: the internet; or host:port, e.g. a server the test listens with on the host's loopback.
    const [host, port] = (arg ?? '1.1.1.1:443').split(':');
    const s = require('node:net').connect(Number(port), host);
    s.on('connect', () => { console.log('probe: connected'); process.exit(0); });
    s.on('error', (e) => { throw e; });
    break;
  }
  case 'write-data':
    fs.writeFileSync('/data/manifest.json', '{}');
    break;
  case 'read':
    process.stdout.write(fs.readFileSync(arg, 'utf8').slice(0, 100));
    break;
  case 'sleep':
    setInterval(() => console.log('probe: still here'), 200);
    break;
  case 'spin':
    for (;;);
  case 'pseudonym':
    // files/<pseudonym>/...: a careless tool that names its rows by patient.
    fs.writeFileSync('/output/by-patient.txt', `summary\nrow of ${firstImage().split('/')[1]}\n`);
    break;
  case 'dicom':
    fs.copyFileSync(`/data/${firstImage()}`, '/output/image.bin');
    fs.writeFileSync('/output/readme.txt', 'an image\n');
    break;
  default:
    console.error(`probe: unknown ${what}`);
    process.exit(2);
}
