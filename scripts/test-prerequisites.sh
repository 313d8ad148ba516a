#!/bin/sh
# The system packages the test suite needs: installed when this runs as root on a machine with apt
# (as CI does), otherwise the suite stops here and names what to install. Never a silent skip.
#   chromium                 the browser the end-to-end tests (test/e2e) drive, and the PDF reports
#   poppler-utils            pdftotext, pdfinfo, pdftoppm: the tests read every generated PDF
#   libreoffice-writer-nogui the tests open every generated DOCX with LibreOffice (headless, to PDF)
#   libreoffice-calc-nogui   … and every generated XLSX
#   fonts-dejavu-core        the only fonts LibreOffice sees in the tests (test/support/fonts.conf), so
#                            page counts and line breaks do not depend on what else a machine has
set -eu

missing=""
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing="$missing chromium"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
if ! command -v soffice >/dev/null 2>&1 && [ -z "${SOFFICE_PATH:-}" ]; then
  missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
else
  # soffice exists; the Writer and Calc filters are separate packages on Debian.
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s libreoffice-writer >/dev/null 2>&1 || dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
    dpkg -s libreoffice-calc >/dev/null 2>&1 || dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
  fi
fi

[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the system packages the tests need:$missing" >&2
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  exit 0
fi

echo "The tests need these system packages:$missing" >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install$missing), or set CHROMIUM_PATH / SOFFICE_PATH, then run npm test again." >&2
exit 1
