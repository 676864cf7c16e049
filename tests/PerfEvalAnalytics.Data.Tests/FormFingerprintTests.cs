using System.Security.Cryptography;
using System.Text.Json;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>The fingerprint is stored with every form: its definition (SHA-256 of the form's JSON with the default
/// options and no provenance) must not change, or re-ingesting an unchanged file would replace it.</summary>
public sealed class FormFingerprintTests
{
    /// <summary>The definition, computed the plain way: reflection-based serializer, a new array per form.</summary>
    private static string AsDefined(EvaluationForm form) => Convert.ToHexStringLower(SHA256.HashData(
        JsonSerializer.SerializeToUtf8Bytes(form with { Source = new SourceInfo(string.Empty, string.Empty, string.Empty) },
            JsonSerializerOptions.Default)));

    [Fact]
    public void Of_EverySampleAndGeneratedForm_EqualsTheDefinition()
    {
        var files = FormFiles.Expand([TestData.Samples, Path.Combine(TestData.RepoRoot, "data", "generated")], out _);
        var forms = files.SelectMany(f => FormReader.ReadAll(f)).Where(r => r.Form is not null).Select(r => r.Form!)
            .ToList();

        Assert.True(forms.Count > 500, $"{forms.Count} forms");
        Assert.All(forms, form => Assert.Equal(AsDefined(form), FormFingerprint.Of(form)));
        Assert.True(forms.Select(FormFingerprint.Of).Distinct().Count() > 500, "different forms, different fingerprints");
    }

    [Fact]
    public void Of_SameFormInTwoEncodingsOrAnEditedCopy_SameOrDifferentAsItsContent()
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        var gbk = FormReader.Read(TestData.GbkPath);
        // A form far larger than the buffer kept per thread, then a small one: the buffer starts afresh.
        var large = reference with { Indicators = [.. Enumerable.Repeat(reference.Indicators, 200).SelectMany(r => r)] };

        Assert.Equal(FormFingerprint.Of(reference), FormFingerprint.Of(gbk));
        Assert.Equal(AsDefined(large), FormFingerprint.Of(large));
        Assert.Equal(AsDefined(reference with { Year = 2023 }), FormFingerprint.Of(reference with { Year = 2023 }));
        Assert.NotEqual(FormFingerprint.Of(reference), FormFingerprint.Of(reference with { Year = 2023 }));
    }
}
