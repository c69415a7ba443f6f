// The floor of a fleet check: a bare node process that reads the snapshot and parses it.
// Plain JavaScript, no imports beyond node:fs, so nothing but the work itself is measured.
import { readFileSync } from 'node:fs';

JSON.parse(readFileSync(process.argv[2], 'utf8'));
