namespace PerfEvalAnalytics.Generator;

/// <summary>
/// Which phrasings (cause, detail, action) each indicator's explanations used per year, so that a clean explanation
/// is redrawn rather than repeat, with only its figures changed, one that another unit wrote for the same indicator
/// this year or the same unit last year (rule E4 would rightly call that a copy).
/// </summary>
internal sealed class ExplanationRegistry
{
    private readonly HashSet<(int Year, string Name, int Phrasing)> _used = [];

    public bool IsNovel(int year, string name, int phrasing) =>
        !_used.Contains((year, name, phrasing)) && !_used.Contains((year - 1, name, phrasing));

    public void Add(int year, string name, int phrasing) => _used.Add((year, name, phrasing));
}
