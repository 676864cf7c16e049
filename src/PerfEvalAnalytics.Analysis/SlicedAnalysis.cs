using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// The analysis of forms that arrive in slices of whole units (every form of each <see cref="FormRef.UnitKey"/> of a
/// slice is in that slice), so that only one slice of full forms is held at a time. Per slice: the form rules, the
/// <see cref="BatchScope.Unit"/> batch rules (which compare forms of one unit only), and the summaries
/// (<see cref="ISummarizingRule"/>) the <see cref="BatchScope.All"/> batch rules and the findings rules keep for the
/// run; at <see cref="Finish"/>, those rules over the summaries. Finds exactly what
/// <see cref="Analyzer.Run"/> finds on the slices' forms in the same order, with its memory growing with the
/// summaries, not the forms. Findings beyond <see cref="DefaultFindingsInMemory"/> go to a temporary file as they are
/// found (<see cref="FindingRuns"/>); the result's list then reads from disk and owns that file (dispose the result).
/// </summary>
public sealed class SlicedAnalysis : IDisposable
{
    /// <summary>Findings held in memory before they go to a temporary file: about 12 MB of findings.</summary>
    public const int DefaultFindingsInMemory = 20_000;

    /// <summary>Findings of a rule that compares units, taken from it at a time while they go to the runs.</summary>
    private const int RuleChunk = 10_000;

    private readonly RuleCatalog _catalog;
    private readonly List<IFormRule> _formRules;
    private readonly long[] _formRuleTicks;
    private readonly List<IBatchRule> _unitRules;
    private readonly List<IRule> _summarizing;
    private readonly RunSummaries[] _summaries;
    private readonly HashSet<string> _units = new(StringComparer.Ordinal);
    private readonly FindingRuns _findings;
    private readonly TextSpill _fileNames;
    private readonly List<SkippedRule> _skipped = [];
    private readonly Dictionary<string, long> _ticks = new(StringComparer.Ordinal);
    private int _formCount;
    private bool _finished;

    /// <param name="catalog">The rules.</param>
    /// <param name="findingsInMemory">Findings held in memory before they go to a temporary file.</param>
    /// <param name="fileNamesInMemory">Forms' file names held in memory before they go to a temporary file (the run
    /// keeps a header per form; its file name is read back when a finding or a tie-break needs it).</param>
    public SlicedAnalysis(RuleCatalog catalog, int findingsInMemory = DefaultFindingsInMemory,
        int fileNamesInMemory = TextSpill.DefaultTailTexts)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _fileNames = new TextSpill(tailTexts: fileNamesInMemory);
        _findings = new FindingRuns(findingsInMemory);
        _formRules = catalog.Rules.OfType<IFormRule>().ToList();
        _formRuleTicks = new long[_formRules.Count];
        _unitRules = catalog.Rules.OfType<IBatchRule>().Where(r => r.Scope == BatchScope.Unit).ToList();
        // Batch rules before findings rules, each in catalog order: the order Analyzer.Run evaluates them in.
        _summarizing = [
            .. catalog.Rules.OfType<IBatchRule>().Where(r => r.Scope == BatchScope.All),
            .. catalog.Rules.OfType<IFindingsRule>(),
        ];
        _summaries = _summarizing.Select(StartRun).ToArray();
    }

    /// <summary>A rule's collector for this run; a rule that keeps no summary keeps the whole forms.</summary>
    private static RunSummaries StartRun(IRule rule) => rule switch
    {
        ISummarizingRule summarizing => summarizing.StartRun(),
        IBatchRule batch => RunSummaries.Of(static form => form, (forms, _) => batch.Evaluate(forms)),
        IFindingsRule findings => RunSummaries.Of(static form => form, (forms, soFar) => findings.Evaluate(forms, soFar.ToList())),
        _ => throw new ArgumentException($"rule {rule.Info.Code} is neither a batch nor a findings rule", nameof(rule)),
    };

    /// <summary>Forms analysed so far.</summary>
    public int FormCount => _formCount;

    /// <summary>True once the findings went to a temporary file.</summary>
    public bool FindingsSpilled => _findings.Spilled;

    /// <summary>Analyses the next slice: whole units, none of them seen in an earlier slice.</summary>
    /// <exception cref="ArgumentException">A unit of the slice came in an earlier slice.</exception>
    public void Add(IReadOnlyList<EvaluationForm> slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ObjectDisposedException.ThrowIf(_finished, this);
        var units = slice.Select(f => UnitNames.Normalize(f.UnitName)).ToHashSet(StringComparer.Ordinal);
        if (units.FirstOrDefault(_units.Contains) is { } repeated)
        {
            throw new ArgumentException(
                $"unit {repeated} came in two slices: a slice must hold every form of each of its units", nameof(slice));
        }

        _units.UnionWith(units);
        foreach (var form in slice)
        {
            // Every rule's summary of a form shares its header; the run keeps the headers to its end, their file
            // names on disk. The forms forget them once the rules have them (the file names go with the run).
            FormSummary.UseFileNames(form, _fileNames);
        }

        try
        {
            _skipped.AddRange(Analyzer.Skipped(_catalog, slice));
            var found = Analyzer.RunFormRules(_formRules, slice, _formRuleTicks);
            var complete = slice.Where(f => !f.IsIncomplete).ToList();
            foreach (var rule in _unitRules)
            {
                found.AddRange(Analyzer.Timed(rule, _ticks, () => rule.Evaluate(rule.NeedsCompleteForm ? complete : slice)));
            }

            _findings.Add(found);

            for (var r = 0; r < _summarizing.Count; r++)
            {
                var rule = _summarizing[r];
                _summaries[r].Add(rule.NeedsCompleteForm ? complete : slice);
            }
        }
        finally
        {
            foreach (var form in slice)
            {
                FormSummary.Forget(form);
            }
        }

        _formCount += slice.Count;
    }

    /// <summary>
    /// Runs the rules that compare across units over the summaries and returns the whole result. When the findings
    /// went to disk, the result's list reads them from a temporary file that disposing the result deletes.
    /// </summary>
    public AnalysisResult Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            for (var r = 0; r < _formRules.Count; r++)
            {
                _ticks[_formRules[r].Info.Code] = _formRuleTicks[r];
            }

            // Batch rules whose evaluation is large last, so that the others' summaries are released by then.
            var batch = Enumerable.Range(0, _summarizing.Count).Where(r => _summarizing[r] is IBatchRule)
                .OrderBy(r => _summaries[r].EvaluatesLarge).ToList();
            foreach (var r in batch)
            {
                var summaries = _summaries[r];
                Analyzer.Timed(_summarizing[r], _ticks, () => summaries.Evaluate([]), RuleChunk, _findings.Add);
            }

            // The findings rules read what every other rule found (a snapshot: their own findings are not in it).
            var soFar = _findings.Snapshot();
            for (var r = 0; r < _summarizing.Count; r++)
            {
                if (_summarizing[r] is IFindingsRule)
                {
                    var summaries = _summaries[r];
                    _findings.Add(Analyzer.Timed(_summarizing[r], _ticks, () => summaries.Evaluate(soFar)));
                }
            }

            return Analyzer.Result(_catalog, _findings.Ordered(), _formCount, _skipped, _ticks);
        }
        finally
        {
            _findings.Dispose();
            _fileNames.Dispose();
            DisposeSummaries();
        }
    }

    /// <summary>Deletes the findings' temporary file of a run that does not finish (the result owns it once
    /// <see cref="Finish"/> returned).</summary>
    public void Dispose()
    {
        _finished = true;
        _findings.Dispose();
        _fileNames.Dispose();
        DisposeSummaries();
    }

    /// <summary>Lets go of the rules' temporary files at once: a run evaluated releases them itself, but one that is
    /// not (an error, a unit split across slices, a caller that stops) would keep them until collected.</summary>
    private void DisposeSummaries()
    {
        foreach (var summaries in _summaries)
        {
            (summaries as IDisposable)?.Dispose();
        }
    }
}
