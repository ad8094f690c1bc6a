#!/usr/bin/env bash
# Installs the system packages lenscribe needs, if they are missing (Debian/Ubuntu: apt-get).
set -euo pipefail
need=()
pkg-config --version >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists libcmark 2>/dev/null || need+=(libcmark-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
# The browser tests load built pages in headless Chromium.
command -v chromium-headless-shell >/dev/null 2>&1 || need+=(chromium-headless-shell)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "lenscribe: installing ${need[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "lenscribe: please install ${need[*]} (as root: apt-get install ${need[*]})" >&2; exit 1; }
  sudo=sudo
fi
command -v apt-get >/dev/null 2>&1 || { echo "lenscribe: no apt-get here; please install ${need[*]} with your package manager" >&2; exit 1; }
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
