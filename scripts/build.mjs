// Build the CLI bundle into dist/ (stack-notes: esbuild; the options are in build-options.mjs).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { bundleOptions, root, workerBundleOptions } from './build-options.mjs';

rmSync(`${root}/dist`, { recursive: true, force: true });
await Promise.all([build(bundleOptions), build(workerBundleOptions)]);
