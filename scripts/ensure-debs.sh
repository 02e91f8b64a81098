#!/usr/bin/env bash
# Installs the Debian packages given as arguments that are missing: with apt-get when run
# as root, otherwise prints the exact command and fails.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installiere Systempakete: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Es fehlen Systempakete. Bitte einmal ausführen und danach erneut starten:"
  echo "  sudo apt-get install -y ${missing[*]}"
  exit 1
fi
