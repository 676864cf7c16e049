namespace PerfEvalAnalytics.Generator;

/// <summary>What to generate.</summary>
/// <param name="Units">Number of fictional units (each files a department-wide form and 1–3 project forms a year).</param>
/// <param name="FromYear">First year.</param>
/// <param name="ToYear">Last year (inclusive).</param>
/// <param name="Seed">Seed of the one random source: the same options give byte-identical files.</param>
/// <param name="AnomalyRate">Share of forms that get an injected anomaly (0–1).</param>
/// <param name="MaxForms">Stop after this many forms (whole units are generated; the rest is cut); null for all.</param>
public sealed record CorpusOptions(int Units, int FromYear, int ToYear, int Seed, double AnomalyRate = 0.2,
    int? MaxForms = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public CorpusOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Units, 1, nameof(Units));
        ArgumentOutOfRangeException.ThrowIfLessThan(FromYear, 2000, nameof(FromYear));
        ArgumentOutOfRangeException.ThrowIfLessThan(ToYear, FromYear, nameof(ToYear));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ToYear, 2100, nameof(ToYear));
        if (AnomalyRate is < 0 or > 1 || double.IsNaN(AnomalyRate))
        {
            throw new ArgumentOutOfRangeException(nameof(AnomalyRate), AnomalyRate, "expected a share between 0 and 1");
        }

        return this;
    }
}
