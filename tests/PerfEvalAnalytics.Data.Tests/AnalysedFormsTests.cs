using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>A run keeps each form's measures packed; what it writes must be <see cref="FormMeasures.Of"/> exactly,
/// missing values included.</summary>
public sealed class AnalysedFormsTests
{
    [Fact]
    public void Measures_PackedAndUnpacked_EqualTheFormsMeasures_WithNoFindingsCounted()
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        var forms = new[]
        {
            new StoredForm(11, reference),
            // No budget and no total score: execution rate and score missing.
            new StoredForm(12, reference with { Year = 2023, BudgetLines = [], TotalScore = null }),
            // No rows: no share of exact hits.
            new StoredForm(13, reference with { Year = 2022, Indicators = [] }),
        };
        var analysed = AnalysedForms.Of(forms);

        var written = analysed.Measures().ToList();

        static string Show(Entities.FormMetricsEntity m) => string.Join('|', m.FormId, m.Year, m.Kind, m.District,
            m.ExecutionRate?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.TotalScore?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.ExactShare?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.Findings);
        Assert.Equal(forms.Select(f => Show(FormMeasures.Of(f, 0))), written.Select(Show));
        Assert.Equal(3, analysed.Count);
        Assert.NotNull(written[0].ExecutionRate);
        Assert.Null(written[1].ExecutionRate);
        Assert.Null(written[1].TotalScore);
        Assert.Null(written[2].ExactShare);
    }

    [Fact]
    public void Measures_BeyondOneBuffer_GoToATemporaryFile_ReadBackInOrder_AndGoWhenDisposed()
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        using var folder = new TempFolder("analysed-forms-");
        var forms = Enumerable.Range(1, 9_000).Select(i => new StoredForm(i, reference with
        {
            Year = 2000 + (i % 25),
            TotalScore = i % 7 == 0 ? null : i / 100m,
            BudgetLines = i % 5 == 0 ? [] : reference.BudgetLines,
            ProjectName = "项目" + i,
        })).ToList();
        var analysed = new AnalysedForms(folder.Path);
        foreach (var form in forms)
        {
            analysed.Add(form);
        }

        Assert.True(analysed.SpilledBytes > 0);
        // On Unix the file's name goes at once; elsewhere it is there until disposed.
        Assert.Equal(OperatingSystem.IsWindows(), folder.Files().Length > 0);
        var written = analysed.Measures().Select(Show).ToList();

        Assert.Equal(forms.Select(f => Show(FormMeasures.Of(f, 0))), written);
        Assert.Equal(written, analysed.Measures().Select(Show)); // read again: the same

        analysed.Dispose();
        Assert.Empty(folder.Files());
        Assert.Throws<ObjectDisposedException>(() => analysed.Measures());
        Assert.Throws<ObjectDisposedException>(() => analysed.Add(forms[0]));
    }

    private static string Show(Entities.FormMetricsEntity m) => string.Join('|', m.FormId, m.Year, m.Kind, m.District,
        m.ExecutionRate?.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        m.TotalScore?.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        m.ExactShare?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.Findings);
}
