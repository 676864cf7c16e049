"""Checks an executed notebook and removes, in place, what changes on every run and says nothing to a reader.

Exits 1, printing the first failing cell's source, its stderr (where .NET Interactive writes compiler diagnostics)
and its error, when a cell failed. Otherwise removes:

- The HTML/JavaScript that .NET Interactive's kernel sends with its first output (it probes the kernel's local HTTP
  port, which differs from run to run, and loads require.js from a CDN): useless in a saved notebook.
- Per-cell execution timestamps, if any.

Usage: python3 scripts/tidy-notebook.py NOTEBOOK.ipynb
"""
import sys

import nbformat

BOOTSTRAP_MARK = "dotnet-interactive-this-cell"


def is_bootstrap(output):
    html = output.get("data", {}).get("text/html", "")
    if isinstance(html, list):
        html = "".join(html)
    return BOOTSTRAP_MARK in html


def text(value):
    return "".join(value) if isinstance(value, list) else value


def first_failure(nb):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            stderr = "".join(text(o.text) for o in cell.outputs
                             if o.output_type == "stream" and o.name == "stderr")
            e = errors[0]
            trace = "\n".join(e.get("traceback", []))
            return f"cell {index} failed:\n{text(cell.source)}\n---\n{stderr.strip()}\n{e.ename}: {e.evalue}\n{trace}".rstrip()
    return None


def main(path):
    nb = nbformat.read(path, as_version=4)
    failure = first_failure(nb)
    if failure:
        print(f"{path}: {failure}", file=sys.stderr)
        sys.exit(1)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not is_bootstrap(o)]
    nbformat.write(nb, path)


if __name__ == "__main__":
    main(sys.argv[1])
