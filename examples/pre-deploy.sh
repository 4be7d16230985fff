#!/bin/sh
# Pre-deploy gate for a Postfix or Exim configuration: compare the configuration
# about to be deployed with the one the server runs now, and lint it. Deploy only
# when this exits 0.
#
#   pre-deploy.sh LIVE NEW
#
#   LIVE  what the server runs now: /etc/postfix on the server itself, or a copy
#         fetched from it (for example: ssh mx1 tar -C /etc -cf - postfix | tar -C live -xf -)
#   NEW   what is about to be deployed, e.g. postfix/ in your repository
#
# It fails when the new configuration
#   - opens a relay, refuses mail from users who log in, or would not start
#     (`mtalint diff --regressions-only`: the relay probes before and after), or
#   - has lint findings at or above --fail-on (`mtalint lint`, errors by default).
# Every other change is printed for the log but does not block the deployment.
#
# Environment:
#   MTALINT            how to run mtalint (default: mtalint; e.g. "node /opt/mtalint/mtalint.cjs")
#   MTALINT_DIFF_ARGS  more arguments for mtalint diff (e.g. --ignore-host-specific
#                      when LIVE comes from another host than the one NEW is for)
#   MTALINT_LINT_ARGS  more arguments for mtalint lint (e.g. --fail-on warning --postfix-version 3.7)
#
# Exit: 0 deploy; 1 a regression or lint findings; 2 usage or input error
# (mtalint could not read a configuration: nothing was judged).
set -u
set -f # the *_ARGS variables are split on white space, never globbed

if [ "$#" -ne 2 ]; then
  echo "usage: $0 LIVE NEW" >&2
  exit 2
fi
live=$1
new=$2
mtalint=${MTALINT:-mtalint}

echo "== mtalint diff: what deploying $new changes on top of $live"
$mtalint diff --regressions-only ${MTALINT_DIFF_ARGS:-} -- "$live" "$new"
diff_status=$?

echo
echo "== mtalint lint: $new"
$mtalint lint ${MTALINT_LINT_ARGS:-} -- "$new"
lint_status=$?

echo
if [ "$diff_status" -ge 2 ] || [ "$lint_status" -ge 2 ]; then
  echo "pre-deploy: mtalint could not check the configuration (see its message above); not deploying" >&2
  exit 2
fi
if [ "$diff_status" -ne 0 ]; then
  echo "pre-deploy: REGRESSION: $new opens a relay, refuses users who log in, or would not start; not deploying" >&2
fi
if [ "$lint_status" -ne 0 ]; then
  echo "pre-deploy: $new has lint findings at or above --fail-on; not deploying" >&2
fi
if [ "$diff_status" -ne 0 ] || [ "$lint_status" -ne 0 ]; then
  exit 1
fi
echo "pre-deploy: no regression, no lint findings: OK to deploy $new"
