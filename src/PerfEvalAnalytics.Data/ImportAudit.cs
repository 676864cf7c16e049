using System.Text;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// The audit entry of an ingest, built file by file so that it stays small whatever the number of files: the counts
/// by outcome, the distinct file names as far as the entry's target keeps them, and the path and outcome of the first
/// <see cref="MaxListed"/> files and of up to <see cref="MaxListed"/> failed files after them; the entry says how
/// many it leaves out. (Until 2026-12-01 it listed every file: ingesting 1,000,716 files, making that entry took the
/// process from about 550 MB to 1,120 MB.)
/// </summary>
public sealed class ImportAudit
{
    /// <summary>Files listed with their outcome, and failed files listed beyond them.</summary>
    public const int MaxListed = 1_000;

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal)
    {
        ["Added"] = 0, ["Unchanged"] = 0, ["Replaced"] = 0, ["Failed"] = 0,
    };

    private readonly List<(string File, string Outcome)> _listed = [];
    private readonly StringBuilder _target = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _failedListed;
    private int _total;

    /// <summary>Files counted so far.</summary>
    public int Count => _total;

    /// <summary>Counts one file: its path and outcome (null: it failed).</summary>
    public void Add(string path, StoreOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(path);
        var status = outcome?.ToString() ?? "Failed";
        _counts[status] = _counts.GetValueOrDefault(status) + 1;
        _total++;
        if (_listed.Count < MaxListed || (outcome is null && _failedListed < MaxListed))
        {
            _failedListed += _listed.Count < MaxListed ? 0 : 1;
            _listed.Add((path, status));
        }

        // The target keeps AuditLog.TargetChars characters: names beyond them would be clipped anyway.
        if (_target.Length <= AuditLog.TargetChars && Path.GetFileName(path) is var name && _names.Add(name))
        {
            _target.Append(_target.Length == 0 ? "" : ", ").Append(name);
        }
    }

    /// <summary>The entry under <paramref name="actor"/>.</summary>
    public AuditRecord Record(string actor) => new(actor, AuditActions.Import, _target.ToString(),
        $"ingested {_total} file(s): {_counts["Added"]} added, {_counts["Unchanged"]} unchanged, " +
        $"{_counts["Replaced"]} replaced, {_counts["Failed"]} failed",
        null, AuditLog.Json(new
        {
            files = _listed.Select(f => new { file = f.File, outcome = f.Outcome }),
            notListed = _total - _listed.Count,
        }));
}
