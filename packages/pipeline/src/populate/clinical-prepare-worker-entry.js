// Plain JavaScript so the compile cache is on before the TypeScript modules of the worker are loaded.
import { enableCompileCache } from 'node:module';
enableCompileCache?.();
await import('./clinical-prepare-worker.ts');
