import type { ExplainedInstance } from '../explain/report.ts';
import { failingGroups, instanceLabel } from './common.ts';

// GitHub Actions workflow commands (`::error title=…::message`): each failing check group becomes
// an annotation on the run. Blocked and partial are errors; unknown is a warning (an error under
// --strict). https://docs.github.com/actions/reference/workflow-commands-for-github-actions

export interface AnnotationOptions {
  strict: boolean;
}

/** GitHub shows at most 10 errors per step and 50 annotations per job; more are noise. */
const MAX_ANNOTATIONS = 50;

export function* renderGithubAnnotations(instances: Iterable<ExplainedInstance>, options: AnnotationOptions): Generator<string> {
  let count = 0;
  let more = 0;
  for (const instance of instances) {
    for (const group of failingGroups(instance)) {
      if (count >= MAX_ANNOTATIONS) {
        more++;
        continue;
      }
      count++;
      const first = group[0]!;
      const verdict = first.result.verdict;
      const level = verdict === 'unknown' && !options.strict ? 'warning' : 'error';
      const b = first.blockingHop;
      const title = `ssm-reach: ${instanceLabel(instance)} ${group.map((c) => c.result.check).join(', ')} ${verdict}`;
      const message = [b ? `${verdict} at ${b.resourceId} (${b.code}): ${b.message}.` : `${verdict}.`, ...first.fix.map((fix) => `Fix: ${fix}`)].join('\n');
      yield `::${level} title=${property(title)}::${data(message)}\n`;
    }
  }
  if (more > 0) yield `::notice title=ssm-reach::${more} more failing check group${more === 1 ? '' : 's'} not annotated; see the report above.\n`;
}

/** Regressions from `diff`, one annotation each. */
export function githubAnnotation(level: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${level} title=${property(title)}::${data(message)}\n`;
}

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Pass instances through, keeping those with a failing check for the annotations at the end. */
export function* keepFailing(instances: Iterable<ExplainedInstance>, into: ExplainedInstance[]): Generator<ExplainedInstance> {
  for (const instance of instances) {
    if (instance.checks.some((c) => c.result.verdict !== 'reachable')) into.push(instance);
    yield instance;
  }
}
