// Plain JavaScript so the compile cache is on before the TypeScript modules of the worker are loaded (as the production batch's workers do).
import { enableCompileCache } from 'node:module';
enableCompileCache?.();
await import('./burned-in-worker.ts');
