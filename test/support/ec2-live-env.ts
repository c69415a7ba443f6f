// Environment for tests that drive the real SDK against the loopback EC2 server: dummy static
// credentials, no instance-metadata probing, no shared config from the machine, and the SDK's
// Node 20 warning silenced. Import it before anything that constructs an EC2 client.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DUMMY_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST0001';

const empty = mkdtempSync(join(tmpdir(), 'ssm-reach-aws-'));
writeFileSync(join(empty, 'config'), '');
writeFileSync(join(empty, 'credentials'), '');

/** Variables for a process (or this one) that must only ever talk to the loopback server. */
export const LIVE_TEST_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: DUMMY_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: 'loopback-test-secret-not-a-real-key',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(empty, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(empty, 'credentials'),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_DEFAULT_PROFILE']) {
  delete process.env[name];
}
Object.assign(process.env, LIVE_TEST_ENV);

/** Write shared config files with one profile and point the SDK at them; returns the directory. */
export function profileFiles(profile: string, accessKeyId: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-reach-profile-'));
  writeFileSync(join(dir, 'config'), `[profile ${profile}]\nregion = us-east-1\n`);
  writeFileSync(
    join(dir, 'credentials'),
    `[${profile}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = profile-secret-not-real\n`,
  );
  return dir;
}
