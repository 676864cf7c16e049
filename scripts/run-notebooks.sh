#!/usr/bin/env bash
# Executes the notebooks headless with Debian's jupyter nbconvert and the C# kernel kept in notebooks/kernels/, and
# saves them WITH their outputs (tables, charts) so that a reader sees them without running anything.
#
#   scripts/run-notebooks.sh                      re-execute every notebooks/*.ipynb and re-save it in place
#   scripts/run-notebooks.sh --out DIR [NB...]    execute into DIR, leaving the committed notebooks alone (the CI test)
#   --no-build                                    use artifacts/notebooks/lib as built (the test: dotnet test built it)
#
# Needs: the .NET SDK, `apt-get install --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipykernel
# fonts-wqy-microhei` (.ci/run installs them), and the local tool dotnet-interactive (`dotnet tool restore`).
# Exits non-zero when a cell fails; nbconvert prints the failing cell and its error.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

out=""; build=1; notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
[ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/*.ipynb)

if ! [ -x /usr/bin/jupyter-nbconvert ]; then
  echo "jupyter-nbconvert not found: apt-get install --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipykernel" >&2
  exit 2
fi

if [ "$build" -eq 1 ]; then
  # The libraries the notebooks reference with #r, RID-specific into artifacts/notebooks/lib (see the project file).
  dotnet build src/PerfEvalAnalytics.Notebooks --nologo -v quiet
fi
# The kernel (kernelspec argv) runs dotnet-interactive from the local tool manifest.
dotnet tool restore >/dev/null
[ -f artifacts/notebooks/lib/PerfEvalAnalytics.Notebooks.dll ] \
  || { echo "artifacts/notebooks/lib is empty: run without --no-build (or dotnet build src/PerfEvalAnalytics.Notebooks)" >&2; exit 2; }

# The kernelspec in the repository, not one installed for the user: jupyter looks in $JUPYTER_PATH/kernels first.
export JUPYTER_PATH="$repo/notebooks${JUPYTER_PATH:+:$JUPYTER_PATH}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for nb in "${notebooks[@]}"; do
  started=$(date +%s%N)
  name=$(basename "$nb")
  # --allow-errors: .NET Interactive reports a compilation error as a stderr stream plus an error without traceback,
  # so nbconvert's own message would not say what failed; tidy-notebook.py reports the first failing cell with its
  # diagnostics instead and exits non-zero. A dead kernel or a timeout still fails nbconvert itself.
  # Debian's python3 explicitly: the jupyter packages live there, whatever python3 comes first on PATH.
  if /usr/bin/python3 -m nbconvert --to notebook --execute --allow-errors --output-dir "$work" \
       --ExecutePreprocessor.kernel_name=perfeval-csharp --ExecutePreprocessor.timeout=600 \
       --ExecutePreprocessor.startup_timeout=300 \
       --ExecutePreprocessor.record_timing=False --log-level=ERROR "$nb" >"$work/$name.log" 2>&1 \
     && /usr/bin/python3 scripts/tidy-notebook.py "$work/$name"; then
    cp "$work/$name" "${out:-$(dirname "$nb")}/$name"
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    printf '%s: executed in %d.%01d s\n' "$nb" $((ms / 1000)) $((ms % 1000 / 100)) >&2
  else
    grep -v '^info: \|^      ' "$work/$name.log" | tail -n 40 >&2 || true
    echo "$nb: FAILED" >&2
    status=1
  fi
done
exit $status
