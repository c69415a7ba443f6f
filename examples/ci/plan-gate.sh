#!/bin/sh
# Pre-deploy gate: would this Terraform plan cut any EC2 instance off from AWS Systems Manager?
# Used by examples/github-actions/workflow.yml and examples/gitlab-ci/.gitlab-ci.yml; runs locally too:
#
#   PLAN=examples/terraform/nat-moves-to-private-subnet.plan.json \
#   SNAPSHOT=examples/terraform/nat-applied.snapshot.json sh examples/ci/plan-gate.sh
#
# Environment:
#   PLAN       `terraform show -json plan.tfplan` output (required)
#   SNAPSHOT   the current state (`ssm-reach snapshot --region R --out snapshot.json`); without it
#              the plan's own prior state is the "before"
#   OUT        folder for the reports (default: the current folder)
#   FAIL_ON    regression (default), blocked or never
#   SSM_REACH  how to run ssm-reach (default: npx --yes ssm-reach)
#
# Writes $OUT/ssm-reach.md (for the run summary or a PR comment) and $OUT/ssm-reach.xml (JUnit),
# prints the text report (with ::error annotations under GitHub Actions) and exits 1 when the plan
# breaks a check that works today (or, with FAIL_ON=blocked, when anything is blocked after it).
set -eu
: "${PLAN:?set PLAN to the output of terraform show -json}"
SSM_REACH="${SSM_REACH:-npx --yes ssm-reach}"
OUT="${OUT:-.}"
set -- --terraform-plan "$PLAN"
if [ -n "${SNAPSHOT:-}" ]; then set -- --snapshot "$SNAPSHOT" "$@"; fi

# The reports never fail the job (an input error, exit 2, still does) ...
$SSM_REACH diff "$@" --output markdown --fail-on never > "$OUT/ssm-reach.md"
$SSM_REACH diff "$@" --output junit --fail-on never > "$OUT/ssm-reach.xml"
# ... the gate does.
exec $SSM_REACH diff "$@" --fail-on "${FAIL_ON:-regression}"
