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

    /// <summary>The fingerprints of a form built here (not parsed, so parser changes do not move them) are pinned:
    /// stores hold them, so a change of the layout, or of the domain the JSON one serialises, must show.</summary>
    [Fact]
    public void Of_AndLegacy_OfAFormBuiltInCode_AreTheStoredValues()
    {
        var form = BuiltForm();

        Assert.Equal(AsJsonDefined(form), FormFingerprint.Legacy(form));
        Assert.Equal("07998ea61d6fc6244844a52f0c82f7181038da8a29c2e1f1217e134cc1d3e140", FormFingerprint.Legacy(form));
        Assert.Equal("a83f8ae55ef15ac59c897fe2d398fdb485e4f9785f8f9b13c78ef972991d59e4", FormFingerprint.Of(form));
    }

    /// <summary>Values moved across a field's boundary, a missing optional block against an empty one, a negative
    /// zero: the layout tells them apart as the content does.</summary>
    [Fact]
    public void Of_ValuesMovedAcrossBoundariesOrOptionalBlocksEmptied_DifferAsTheirContent()
    {
        var form = BuiltForm();
        var row = form.Indicators[0];

        Assert.NotEqual(FormFingerprint.Of(form with { Indicators = [row with { Level2 = "ab", Name = null }] }),
            FormFingerprint.Of(form with { Indicators = [row with { Level2 = "a", Name = "b" }] }));
        Assert.NotEqual(FormFingerprint.Of(form with { Indicators = [row with { Level2 = null, Name = "x" }] }),
            FormFingerprint.Of(form with { Indicators = [row with { Level2 = "x", Name = null }] }));
        Assert.NotEqual(FormFingerprint.Of(form with { Indicators = [row with { Level2 = string.Empty }] }),
            FormFingerprint.Of(form with { Indicators = [row with { Level2 = null }] }));
        Assert.NotEqual(FormFingerprint.Of(form with { Goals = null }),
            FormFingerprint.Of(form with { Goals = new FormGoals(null, null, 0) }));
        Assert.NotEqual(FormFingerprint.Of(form with { Notes = [], Grade = "优" }),
            FormFingerprint.Of(form with { Notes = [new FormNote(NoteKind.Remark, "优", 0)], Grade = null }));
        // −0.00 and 0.00 are one value, as in the JSON fingerprint; 0.00 and 0 are filed differently.
        var zero = form with { TotalScore = 0.00m };
        var negativeZero = form with { TotalScore = decimal.Negate(0.00m) };
        Assert.True(decimal.IsNegative(negativeZero.TotalScore!.Value));
        Assert.Equal(FormFingerprint.Legacy(zero), FormFingerprint.Legacy(negativeZero));
        Assert.Equal(FormFingerprint.Of(zero), FormFingerprint.Of(negativeZero));
        Assert.NotEqual(FormFingerprint.Of(zero), FormFingerprint.Of(form with { TotalScore = 0m }));
    }

    /// <summary>A department form with every kind of value: a budget line, goals, two indicator rows (numeric and
    /// qualitative targets), a note, and the optional values.</summary>
    private static EvaluationForm BuiltForm() => new(
        FormKind.DepartmentOverall, "示例区示例局", 2024, null, "万元",
        [
            new BudgetLine("年度资金总额", "财政拨款", "其中：财政拨款", 100.00m, 120.50m, 118.25m, 98.13m, 10m, 9.81m,
                8),
        ],
        new FormGoals("完成年度任务", "基本完成", 12),
        [
            new IndicatorRow("产出指标", 50m, Level1Basis.Label, "数量指标", "培训人次",
                new ParsedValue("≥1200人次", ComparisonOperator.GreaterOrEqual, 1200m, "人次", ValueKind.Numeric),
                new ParsedValue("1180人次", ComparisonOperator.None, 1180m, "人次", ValueKind.Numeric),
                10m, 9.5m, "受天气影响，部分培训延期", 15) { NameAsFiled = "培训 人次" },
            new IndicatorRow("满意度指标", null, Level1Basis.Framework, null, "服务对象满意度",
                new ParsedValue("较高", ComparisonOperator.None, null, null, ValueKind.Qualitative),
                ParsedValue.Empty, 5m, 5m, null, 16),
        ],
        100m, 96.31m, 20, [new FormNote(NoteKind.Remark, "注：金额单位为万元", 21)],
        new SourceInfo("built.txt", new string('a', 64), "utf-8"))
    {
        Grade = "优",
        IsIncomplete = true,
        IncompleteReason = "缺少总分行",
        UnitNameAsFiled = "示例区 示例局",
    };

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

        Assert.True(changed.Count >= 71, $"{changed.Count} values changed");
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
        else if (underlying.Namespace == typeof(EvaluationForm).Namespace && underlying.GetMethod("<Clone>$") is not null)
        {
            // A domain record: each of its values in turn. The sample must hold one, or nothing of it is tested.
            Assert.True(current is not null, $"the sample form has no {underlying.Name} to change");
            foreach (var (path, inner) in Mutations(current!))
            {
                yield return ($".{path}", inner);
            }
        }
        else if (current is not IList)
        {
            throw new InvalidOperationException(
                $"{type.Name}: no change defined for this type; add one here and to FormFingerprint's layout");
        }
        else
        {
            Assert.Fail($"the sample form has an empty {type.Name}: nothing of its elements is tested");
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
