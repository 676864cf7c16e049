using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>The fingerprint is stored with every form: equal content must give equal fingerprints whatever the file,
/// every value of the content must count, and the fingerprints stores held before (JSON) must still match.</summary>
public sealed class FormFingerprintTests
{
    /// <summary>The fingerprint stored until session 23 (2026-12-01), computed the plain way: reflection-based
    /// serializer.</summary>
    private static string AsJsonDefined(EvaluationForm form) => Convert.ToHexStringLower(SHA256.HashData(
        JsonSerializer.SerializeToUtf8Bytes(form with { Source = new SourceInfo(string.Empty, string.Empty, string.Empty) },
            JsonSerializerOptions.Default)));

    [Fact]
    public void Of_EverySampleAndGeneratedForm_DistinctAsTheirContentAndLegacyEqualsTheJsonDefinition()
    {
        var files = FormFiles.Expand([TestData.Samples, Path.Combine(TestData.RepoRoot, "data", "generated")], out _);
        var forms = files.SelectMany(f => FormReader.ReadAll(f)).Where(r => r.Form is not null).Select(r => r.Form!)
            .ToList();

        Assert.True(forms.Count > 500, $"{forms.Count} forms");
        Assert.All(forms, form => Assert.Equal(AsJsonDefined(form), FormFingerprint.Legacy(form)));
        Assert.All(forms, form => Assert.True(FormFingerprint.Matches(FormFingerprint.Legacy(form), form)));
        // The same content (by its old definition) has the same fingerprint, different content a different one.
        var byContent = forms.GroupBy(AsJsonDefined).ToList();
        Assert.All(byContent, g => Assert.Single(g.Select(FormFingerprint.Of).Distinct()));
        Assert.Equal(byContent.Count, forms.Select(FormFingerprint.Of).Distinct().Count());
    }

    [Fact]
    public void Of_SameFormInTwoEncodingsOrAnEditedCopy_SameOrDifferentAsItsContent()
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        var gbk = FormReader.Read(TestData.GbkPath);
        // A form far larger than the buffer kept per thread, then a small one: the buffer starts afresh.
        var large = reference with { Indicators = [.. Enumerable.Repeat(reference.Indicators, 200).SelectMany(r => r)] };
        var fresh = reference with { Source = reference.Source with { FileName = "copy.txt" } };

        Assert.Equal(FormFingerprint.Of(reference), FormFingerprint.Of(gbk));
        Assert.NotEqual(FormFingerprint.Of(reference), FormFingerprint.Of(large));
        Assert.Equal(FormFingerprint.Of(reference), FormFingerprint.Of(fresh));
        Assert.NotEqual(FormFingerprint.Of(reference), FormFingerprint.Of(reference with { Year = 2023 }));
        Assert.NotEqual(FormFingerprint.Legacy(reference), FormFingerprint.Of(reference));
    }

    [Fact]
    public void Matches_StoredFingerprintOfTheSameOrOtherContent_TrueOnlyForTheSameContent()
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        var edited = reference with { Year = 2023 };

        Assert.True(FormFingerprint.Matches(FormFingerprint.Of(reference), reference));
        Assert.True(FormFingerprint.Matches(FormFingerprint.Legacy(reference), reference));
        Assert.False(FormFingerprint.Matches(FormFingerprint.Of(edited), reference));
        Assert.False(FormFingerprint.Matches(FormFingerprint.Legacy(edited), reference));
    }

    /// <summary>Every value of a form but its source, changed alone (down to one indicator's parsed target), changes
    /// the fingerprint: a value added to the domain and not hashed fails here.</summary>
    [Fact]
    public void Of_EachValueChangedInTurn_ChangesTheFingerprint()
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        reference = reference with
        {
            // Every list with an element and every optional value present, so each can change.
            Notes = [new FormNote(NoteKind.Remark, "备注", 40)],
            Goals = reference.Goals ?? new FormGoals("计划", "完成", 3),
        };
        var original = FormFingerprint.Of(reference);

        var changed = Mutations(reference).ToList();

        Assert.True(changed.Count > 40, $"{changed.Count} values changed");
        Assert.All(changed, c => Assert.True(FormFingerprint.Of((EvaluationForm)c.Value) != original,
            $"changing {c.Path} left the fingerprint as it was"));
        // The source is provenance, not content.
        Assert.Equal(original, FormFingerprint.Of(reference with { Source = new SourceInfo("x", "y", "z") { Part = "p" } }));
    }

    /// <summary>Copies of <paramref name="value"/> (a domain record) with one value changed each, recursing into
    /// records and the first element of lists; <see cref="SourceInfo"/> and computed properties are left out.</summary>
    private static IEnumerable<(string Path, object Value)> Mutations(object value)
    {
        var type = value.GetType();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.PropertyType == typeof(SourceInfo))
            {
                continue; // computed (DisplayName, IsQuantitative) or provenance
            }

            var current = property.GetValue(value);
            foreach (var (path, replacement) in Changes(property.PropertyType, current))
            {
                yield return ($"{type.Name}.{property.Name}{path}", With(value, property, replacement));
            }
        }
    }

    private static IEnumerable<(string Path, object? Value)> Changes(Type type, object? current)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            yield return (string.Empty, current is null ? "x" : current + "x");
            if (current is not null)
            {
                yield return (" (null)", null);
            }
        }
        else if (underlying == typeof(int))
        {
            yield return (string.Empty, (int)(current ?? 0) + 1);
        }
        else if (underlying == typeof(decimal))
        {
            yield return (string.Empty, (decimal)(current ?? 0m) + 1m);
            if (current is decimal d)
            {
                // The same number with one more decimal place (85.00 → 85.000; decimal products add scales): filed
                // differently.
                yield return (" (scale)", d * 1.0m);
            }
        }
        else if (underlying == typeof(bool))
        {
            yield return (string.Empty, !(bool)(current ?? false));
        }
        else if (underlying.IsEnum)
        {
            var values = Enum.GetValues(underlying);
            var next = (Array.IndexOf(values, current) + 1) % values.Length;
            yield return (string.Empty, values.GetValue(next));
        }
        else if (current is IList { Count: > 0 } list && type.IsGenericType)
        {
            var element = type.GetGenericArguments()[0];
            var shorter = Array.CreateInstance(element, list.Count - 1);
            for (var i = 1; i < list.Count; i++)
            {
                shorter.SetValue(list[i], i - 1);
            }

            yield return (" (one fewer)", shorter);
            foreach (var (path, first) in Mutations(list[0]!))
            {
                var copy = Array.CreateInstance(element, list.Count);
                list.CopyTo(copy, 0);
                copy.SetValue(first, 0);
                yield return ($"[0].{path}", copy);
            }
        }
        else if (current is not null)
        {
            foreach (var (path, inner) in Mutations(current))
            {
                yield return ($".{path}", inner);
            }
        }
    }

    /// <summary>A copy of the record with one property set (its compiler-generated clone, then the init setter).</summary>
    private static object With(object record, PropertyInfo property, object? value)
    {
        var clone = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(clone, value);
        return clone;
    }
}
