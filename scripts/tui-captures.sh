#!/usr/bin/env bash
# Text captures of every TUI screen at 80x24, for README.md (Terminal UI): drives the built CLI in a private
# tmux server and prints each screen as a fenced block (runs of blank rows shortened to one).
#   npm run build && scripts/tui-captures.sh > /tmp/captures.md
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 1; }
[ -f dist/cli.js ] || { echo "run npm run build first" >&2; exit 1; }

T=(tmux -u -L "ssm-reach-captures-$$")
trap '"${T[@]}" kill-server 2>/dev/null || true' EXIT
"${T[@]}" new-session -d -s c -x 80 -y 24 -c "$PWD" \
  env -i "PATH=$PATH" HOME=/tmp LANG=C.UTF-8 TERM=xterm-256color 'PS1=$ ' bash --norc --noprofile
sleep 0.5
keys() { "${T[@]}" send-keys -t c "$@"; sleep 0.4; }
shot() {
  sleep 0.3
  printf '### %s\n\n```\n' "$1"
  "${T[@]}" capture-pane -t c -p | cat -s | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
  printf '```\n\n'
}

keys 'ssm-reach() { node bin/ssm-reach.js "$@"; }; clear' Enter
keys 'ssm-reach tui --demo' Enter; sleep 1.2
shot 'Instance list (`ssm-reach tui --demo`)'
keys Enter;                 shot 'Instance view (enter)'
keys Enter;                 shot 'Path view (enter): the blocking hop, the rule behind it, the fix under it'
keys f;                     shot 'After `f`: the fix applied as a what-if edit, the verdict changed'
keys Escape; keys Escape;   shot 'Back on the list: changed verdicts marked'
keys w;                     shot 'Edits view (`w`)'
keys '?';                   shot 'Help (`?`)'
keys Escape; keys Escape; keys u; keys /; keys w e b
shot 'Filter (`/web`)'
keys Escape; keys q
keys 'clear; ssm-reach tui --snapshot models/15-custom-dhcp-resolver' Enter; sleep 1.2
keys Enter; keys Enter
shot 'Unknowns with their reasons (`--snapshot models/15-custom-dhcp-resolver`, path view)'
keys q
