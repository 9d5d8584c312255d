import { z } from 'zod';

// Imported first by main.ts. The Content Security Policy (server/security.ts) forbids eval, so zod
// must not compile its parsers with new Function, nor probe whether it may (the probe alone is
// reported as a violation).
z.config({ jitless: true });
