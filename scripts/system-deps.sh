#!/bin/sh
# Install the system packages the tests need (a real Chromium for page tests, Pango for
# WeasyPrint's PDFs) when they are missing and we may install them.
set -e
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
# wrk drives the load tests of `make bench`.
[ -x /usr/bin/wrk ] || missing="$missing wrk"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Missing system packages:$missing — install them (sudo apt-get install$missing)." >&2
  exit 1
fi
