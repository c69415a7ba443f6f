export const MAIN_HELP = `ssm-reach — can your EC2 instances reach AWS Systems Manager? Answered from configuration alone.

For every instance it decides whether TCP 443 to ssm, ec2messages and ssmmessages
(<service>.<region>.amazonaws.com) and HTTP to the instance metadata service (169.254.169.254)
can succeed, following security groups, network ACLs, route tables, NAT and internet gateways,
VPC endpoints and DNS settings. When a check fails it names the hop that blocks, the rule or route
behind it, and the change that fixes it.

Usage:
  ssm-reach check --snapshot PATH [options]     check instances in a saved snapshot
  ssm-reach check --region R [options]          check instances in a live account (read-only)
  ssm-reach check --terraform-plan PLAN         check what a Terraform plan would deploy
  ssm-reach diff --snapshot PATH --what-if F    what a change (what-if file, plan, snapshot) breaks
  ssm-reach snapshot --region R --out PATH      save a region's configuration for offline checks
  ssm-reach tui --snapshot PATH | --demo        explore verdicts and try fixes interactively
  ssm-reach demo                                the report for the bundled demo model
  ssm-reach help [command]                      help for a command

Run 'ssm-reach check --help' for the options. Exit codes: 0 every check reachable (unknown
passes unless --strict), 1 a check is blocked or partial, 2 a usage or input error.
`;

export const CHECK_HELP = `ssm-reach check — decide, per instance, whether SSM and IMDS are reachable.

Usage:
  ssm-reach check --snapshot PATH [--what-if CHANGES] [--instance ID]... [--output FORMAT] [--strict]
  ssm-reach check --region R [--profile P] [--endpoint-url URL] [--instance ID]...
  ssm-reach check [--snapshot PATH] --terraform-plan PLAN [--output FORMAT]

Where the configuration comes from (one of):
  --snapshot PATH     a JSON file, or a folder searched for *.json, holding EC2 describe-* output
                      (aws ec2 describe-instances --output json > instances.json, …) merged by key
  --region R          read a live account with the AWS SDK (Describe/Get calls only);
                      credentials from the standard chain, --profile P to pick a profile;
                      without --snapshot or --region, AWS_REGION selects the live account
  --endpoint-url URL  send the EC2 API calls there (private API endpoints, tests);
                      AWS_ENDPOINT_URL_EC2 works too
  --terraform-plan P  a plan as JSON (terraform plan -out plan.tfplan && terraform show -json
                      plan.tfplan > plan.json): alone, the state it plans; with --snapshot or
                      --region, its creates, updates and deletes applied to that state. Values
                      known only after apply make the checks that depend on them unknown.

What if:
  --what-if FILE      apply a change file first (add a rule, route, endpoint, … docs/what-if.md)
                      and check the result; an operation that does not fit the model is exit 2

What to check:
  --instance ID       only this instance (repeatable); by default every running instance
  --all               include stopped and pending instances

Output:
  --output FORMAT     text (default); json (schema version 1, see README); junit (a testcase per
                      instance and check, for CI test reports); markdown (a table and each failing
                      path as a Mermaid chart, for PR comments and $GITHUB_STEP_SUMMARY).
                      With GITHUB_ACTIONS=true, text also prints ::error annotations.
  --paths             show hop-by-hop paths for reachable checks too (JSON: every field;
                      by default a reachable check is just its verdict and via)
  --verbose           list every warning about the input
  --strict            exit 1 when a check is unknown, not only when blocked or partial

Examples:
  ssm-reach check --snapshot ./snapshot/
  ssm-reach check --snapshot snap.json --instance i-0abc123 --output json | jq '.results[].checks[] | {check, verdict}'
  ssm-reach check --snapshot snap.json --strict && echo "every instance can reach Systems Manager"
  ssm-reach check --snapshot models/demo --what-if examples/what-if/open-endpoint-sg.json
  ssm-reach check --snapshot ./snapshot/ --terraform-plan plan.json --output junit > ssm-reach.xml
  ssm-reach check --snapshot snap.json --output markdown >> "$GITHUB_STEP_SUMMARY"

Verdicts: reachable; blocked (names the blocking hop and the fix); partial (some endpoint
addresses or ephemeral ports fail, so the agent fails intermittently); unknown (the answer depends
on something the configuration does not hold: custom DNS servers, appliances, missing data).
Exit codes: 0 all reachable (unknown passes unless --strict), 1 blocked or partial, 2 bad input.
`;

export const DEMO_HELP = `ssm-reach demo — the report for the bundled demo model (no AWS account needed).

A small VPC with a healthy instance and a broken one, checked as 'ssm-reach check' would.
Always exits 0: it is a demonstration. Options: --output text|json, --paths.
`;
