#!/usr/bin/env python3
"""Writes the intermediate files for make-format-samples.sh: CSV, bordered HTML pages and flat-ODS workbooks
(.fods) built from the tab-separated samples. Cells keep their text exactly; a cell whose text is a plain number in
the form a spreadsheet's General format prints (329.77, 10, 96) becomes a numeric cell, so the workbook readers are
exercised on numbers as well as text."""
import csv
import html
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d*[1-9])?$")


def read_tsv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.reader(f, delimiter="\t")]


def write_csv(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def html_table(rows):
    width = max(len(r) for r in rows)
    out = ['<table>']
    for r in rows:
        cells = [html.escape(c).replace("\n", "<br>") for c in r] + [""] * (width - len(r))
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(forms, path, title):
    style = ("@page { size: A3 landscape; margin: 10mm } body { font-family: 'WenQuanYi Micro Hei', sans-serif; "
             "font-size: 7pt } table { border-collapse: collapse; margin-bottom: 12pt } "
             "td { border: 0.6pt solid #000; padding: 1pt 2pt; vertical-align: top; height: 9pt } "
             "tr { break-inside: avoid }")
    body = "\n<p>&nbsp;</p>\n".join(html_table(rows) for rows in forms)
    Path(path).write_text(f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}'
                          f'</title><style>{style}</style></head><body>\n{body}\n</body></html>\n', encoding="utf-8")


def fods_cell(text):
    if text == "":
        return "<table:table-cell/>"
    if PLAIN_NUMBER.match(text):
        return f'<table:table-cell office:value-type="float" office:value="{text}"><text:p>{text}</text:p></table:table-cell>'
    paras = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    return f'<table:table-cell office:value-type="string">{paras}</table:table-cell>'


def write_fods(sheets, path):
    tables = []
    for name, rows in sheets:
        body = "".join("<table:table-row>" + "".join(fods_cell(c) for c in r) + "</table:table-row>\n" for r in rows)
        tables.append(f'<table:table table:name="{escape(name)}">\n{body}</table:table>')
    Path(path).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n'
        '<office:body><office:spreadsheet>\n' + "\n".join(tables) + '\n</office:spreadsheet></office:body>'
        '</office:document>\n', encoding="utf-8")


def main(samples, out):
    samples, out = Path(samples), Path(out)
    forms = {
        "reference": samples / "2024_hongqiao-town-city-operations-center_dept-overall.txt",
        "yongde-2022": samples / "published" / "26_yongde-minglangzx-yingyang_2022_xm.tsv",
        "putuo-2022": samples / "published" / "33_putuo-tiyuzhongxin-jiesuan_2022_xm.tsv",
    }
    grids = {name: read_tsv(path) for name, path in forms.items()}
    for name, rows in grids.items():
        write_csv(rows, out / f"{name}.csv")
        write_html([rows], out / f"{name}.html", name)
        write_fods([(name, rows)], out / f"{name}.fods")
    # One workbook with three forms on three sheets, and one page with two forms in two tables.
    write_fods([("虹桥镇城运中心", grids["reference"]), ("永德明朗中学", grids["yongde-2022"]),
                ("普陀体育中心", grids["putuo-2022"])], out / "three-sheets.fods")
    write_html([grids["yongde-2022"], grids["putuo-2022"]], out / "two-tables.html", "two forms")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
