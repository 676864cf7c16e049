#!/usr/bin/env bash
# Rebuilds data/samples/formats/: the reference form and two published forms as .csv, .html, .xlsx, .xls and .pdf,
# a workbook with three forms on three sheets and a page with two forms. The outputs are committed, so CI needs none
# of the tools used here: python3, LibreOffice Calc (apt-get install -y --no-install-recommends libreoffice-calc)
# and Chromium (apt-get install -y --no-install-recommends chromium fonts-wqy-microhei).
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/samples/formats
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

python3 scripts/make-format-samples.py data/samples "$work"

# Workbooks: LibreOffice converts the flat-ODS files (exact text, plain numbers as numbers).
for f in "$work"/*.fods; do
  soffice --headless --norestore -env:UserInstallation=file://"$work"/lo --convert-to xlsx --outdir "$work" "$f" >/dev/null
  soffice --headless --norestore -env:UserInstallation=file://"$work"/lo --convert-to xls --outdir "$work" "$f" >/dev/null
done

# PDF with a text layer: the bordered pages printed by Chromium (ruled table, as published PDFs are).
for f in reference yongde-2022 putuo-2022; do
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$work/chromium" \
    --print-to-pdf="$work/$f.pdf" "file://$(realpath "$work/$f.html")" 2>/dev/null
done

for f in reference yongde-2022 putuo-2022; do
  cp "$work/$f.csv" "$work/$f.html" "$work/$f.xlsx" "$work/$f.xls" "$work/$f.pdf" "$out/"
done
cp "$work/three-sheets.xlsx" "$work/three-sheets.xls" "$work/two-tables.html" "$out/"
ls -l "$out"
