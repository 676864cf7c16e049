using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>A run keeps each form's measures packed; what it writes must be <see cref="FormMeasures.Of"/> exactly,
/// missing values included.</summary>
public sealed class AnalysedFormsTests
{
    [Fact]
    public void Measures_PackedAndUnpacked_EqualTheFormsMeasures_WithTheirFindingCounts()
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

        var written = analysed.Measures(new Dictionary<long, int> { [11] = 26, [13] = 2 }).ToList();

        static string Show(Entities.FormMetricsEntity m) => string.Join('|', m.FormId, m.Year, m.Kind, m.District,
            m.ExecutionRate?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.TotalScore?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.ExactShare?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.Findings);
        Assert.Equal(forms.Select(f => Show(FormMeasures.Of(f, f.Id == 11 ? 26 : f.Id == 13 ? 2 : 0))),
            written.Select(Show));
        Assert.Equal(3, analysed.Count);
        Assert.NotNull(written[0].ExecutionRate);
        Assert.Null(written[1].ExecutionRate);
        Assert.Null(written[1].TotalScore);
        Assert.Null(written[2].ExactShare);
        Assert.Equal(11, analysed.IdOf(Finding.ForForm(new RuleInfo("T0", "测试", "test", "S"), Severity.Low, reference,
            null, $"x", $"x", [])));
    }

    [Fact]
    public void IdOf_FindsEachFormByItsIdentity_AndRefusesAFormNotStored()
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        var rule = new RuleInfo("T0", "测试", "test", "S");
        Finding About(Domain.EvaluationForm form) => Finding.ForForm(rule, Severity.Low, form, null, $"x", $"x", []);
        // Identities that differ in one field each, and two that share their characters in other fields.
        var forms = new[]
        {
            new StoredForm(21, reference),
            new StoredForm(22, reference with { Year = 2023 }),
            new StoredForm(23, reference with { Kind = Domain.FormKind.Project, ProjectName = "道路保洁" }),
            new StoredForm(24, reference with { Kind = Domain.FormKind.Project, ProjectName = "道路保洁2" }),
            new StoredForm(25, reference with { UnitName = "甲", Kind = Domain.FormKind.Project, ProjectName = "乙|2024" }),
            new StoredForm(26, reference with { UnitName = "甲|2024", Kind = Domain.FormKind.Project, ProjectName = "乙" }),
        };
        using var analysed = AnalysedForms.Of(forms);

        Assert.Equal(forms.Select(f => f.Id), forms.Select(f => analysed.IdOf(About(f.Form))));
        var error = Assert.Throws<InvalidOperationException>(() => analysed.IdOf(About(reference with { Year = 2019 })));
        Assert.Contains(reference.Source.FileName, error.Message, StringComparison.Ordinal);
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
        var counts = new Dictionary<long, int> { [1] = 3, [4_097] = 1, [9_000] = 2 };
        var written = analysed.Measures(counts).Select(Show).ToList();

        Assert.Equal(forms.Select(f => Show(FormMeasures.Of(f, counts.GetValueOrDefault(f.Id)))), written);
        Assert.Equal(written, analysed.Measures(counts).Select(Show)); // read again: the same
        Assert.Equal(8_765, analysed.IdOf(Finding.ForForm(new RuleInfo("T0", "测试", "test", "S"), Severity.Low,
            forms[8_764].Form, null, $"x", $"x", [])));

        analysed.Dispose();
        Assert.Empty(folder.Files());
        Assert.Throws<ObjectDisposedException>(() => analysed.Measures(counts));
        Assert.Throws<ObjectDisposedException>(() => analysed.Add(forms[0]));
    }

    private static string Show(Entities.FormMetricsEntity m) => string.Join('|', m.FormId, m.Year, m.Kind, m.District,
        m.ExecutionRate?.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        m.TotalScore?.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        m.ExactShare?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.Findings);
}
