using System.Globalization;
using System.Text.Json.Nodes;
using PerfEvalAnalytics.Analysis.Rules.Integrity;
using PerfEvalAnalytics.Dashboard.Localization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>One row of a scheme's weight table, as typed: the 一级指标 name and its 权重.</summary>
public sealed class WeightRowDraft
{
    public string Name { get; set; } = "";

    public string Weight { get; set; } = "";
}

/// <summary>One weight scheme of rule S1 as the editor holds it: every field as typed (numbers and years as text,
/// the prefix and signature lists one item per line), checked only by <see cref="WeightSchemesEditor.Validate"/>.
/// </summary>
public sealed class WeightSchemeDraft
{
    public string Id { get; set; } = "";

    /// <summary>The <see cref="Domain.FormKind"/> name.</summary>
    public string FormKind { get; set; } = nameof(Domain.FormKind.Project);

    public List<WeightRowDraft> Weights { get; } = [];

    public string BudgetPoints { get; set; } = "";

    public string FromYear { get; set; } = "";

    public string ToYear { get; set; } = "";

    /// <summary>One unit-name prefix per line (commas and 、 also separate); empty: every region.</summary>
    public string UnitPrefixes { get; set; } = "";

    /// <summary>One level-1 block name per line (commas and 、 also separate); empty: none.</summary>
    public string SignatureBlocks { get; set; } = "";
}

/// <summary>
/// The structured editor of rule S1's weight schemes (<see cref="LevelOneWeightMismatch.Settings.Schemes"/>): loads
/// the schemes from the settings JSON, adds and removes schemes and weight rows, shows each scheme's total, checks
/// every field with a message naming the scheme and field, and writes the schemes back as the settings JSON the
/// catalog binds (which checks them again on the server).
/// </summary>
public sealed class WeightSchemesEditor
{
    /// <summary>Years outside 1000-9999 are typing errors (a budget year has four digits).</summary>
    private const int FirstYear = 1000;
    private const int LastYear = 9999;

    private static readonly char[] ListSeparators = ['\n', '\r', ',', '，', '、'];

    private readonly List<WeightSchemeDraft> _schemes = [];

    /// <summary>The schemes in order (the rule takes the first listed on ties).</summary>
    public IReadOnlyList<WeightSchemeDraft> Schemes => _schemes;

    /// <summary>Whether <paramref name="type"/> is the type of S1's scheme list (the setting this editor edits).</summary>
    public static bool Edits(Type type) => type == typeof(IReadOnlyList<LevelOneWeightMismatch.WeightScheme>);

    /// <summary>The form kinds a scheme may apply to.</summary>
    public static IReadOnlyList<FormKind> FormKinds { get; } = Enum.GetValues<FormKind>();

    /// <summary>The editor holding <paramref name="value"/>, the schemes as the catalog writes them (a JSON array of
    /// objects; missing fields are empty).</summary>
    public static WeightSchemesEditor FromJson(JsonNode? value)
    {
        var editor = new WeightSchemesEditor();
        foreach (var node in value as JsonArray ?? [])
        {
            if (node is not JsonObject o)
            {
                continue;
            }

            var draft = new WeightSchemeDraft
            {
                Id = Text(o["Id"]),
                FormKind = Text(o["FormKind"]),
                BudgetPoints = Text(o["BudgetPoints"]),
                FromYear = Text(o["FromYear"]),
                ToYear = Text(o["ToYear"]),
                UnitPrefixes = Lines(o["UnitPrefixes"]),
                SignatureBlocks = Lines(o["SignatureBlocks"]),
            };
            foreach (var (name, weight) in o["Weights"] as JsonObject ?? [])
            {
                draft.Weights.Add(new WeightRowDraft { Name = name, Weight = Text(weight) });
            }

            editor._schemes.Add(draft);
        }

        return editor;
    }

    /// <summary>Appends an empty project scheme with one empty weight row.</summary>
    public WeightSchemeDraft AddScheme()
    {
        var draft = new WeightSchemeDraft();
        draft.Weights.Add(new WeightRowDraft());
        _schemes.Add(draft);
        return draft;
    }

    public void RemoveScheme(WeightSchemeDraft scheme) => _schemes.Remove(scheme);

    public static WeightRowDraft AddWeight(WeightSchemeDraft scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var row = new WeightRowDraft();
        scheme.Weights.Add(row);
        return row;
    }

    public static void RemoveWeight(WeightSchemeDraft scheme, WeightRowDraft row)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        scheme.Weights.Remove(row);
    }

    /// <summary>Σ of the scheme's weights plus its 预算执行率 分值 (what S1 expects a form's level-1 weights to sum
    /// to); entries that are not numbers count as 0 (they are reported by <see cref="Validate"/>).</summary>
    public static decimal Total(WeightSchemeDraft scheme) => WeightSum(scheme) + BudgetPointsOf(scheme);

    /// <summary>Σ of the scheme's weight rows (rows that are not numbers count as 0).</summary>
    public static decimal WeightSum(WeightSchemeDraft scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return scheme.Weights.Sum(w => Number(w.Weight) ?? 0m);
    }

    /// <summary>The scheme's 预算执行率 分值 (0 when empty or not a number).</summary>
    public static decimal BudgetPointsOf(WeightSchemeDraft scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return Number(scheme.BudgetPoints) ?? 0m;
    }

    /// <summary>Whether the scheme's total differs from <paramref name="expectedTotal"/> (S1's ExpectedTotal, 100):
    /// every form of the scheme would then be flagged. Shown, not refused: the rule itself accepts it.</summary>
    public static bool IsOffTotal(WeightSchemeDraft scheme, decimal expectedTotal) => Total(scheme) != expectedTotal;

    /// <summary>Every problem, in the UI language, each naming the scheme (its Id, or its position when it has none)
    /// and the field; empty when the schemes can be saved.</summary>
    public IReadOnlyList<string> Validate(UiText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<string>();
        for (var i = 0; i < _schemes.Count; i++)
        {
            var s = _schemes[i];
            var id = s.Id.Trim();
            var label = id.Length > 0 ? id : "#" + (i + 1).ToString(CultureInfo.InvariantCulture);
            void Problem(string key, params object?[] args) => problems.Add(text.Format(key, [label, .. args]));

            if (id.Length == 0)
            {
                Problem("schemes.error.id");
            }
            else if (_schemes.Take(i).Any(o => string.Equals(o.Id.Trim(), id, StringComparison.Ordinal)))
            {
                Problem("schemes.error.id.twice");
            }

            if (!Enum.TryParse<FormKind>(s.FormKind, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
            {
                Problem("schemes.error.kind", s.FormKind, string.Join(", ", FormKinds));
            }

            if (s.Weights.Count == 0)
            {
                Problem("schemes.error.weights");
            }

            for (var r = 0; r < s.Weights.Count; r++)
            {
                var name = s.Weights[r].Name.Trim();
                if (name.Length == 0)
                {
                    Problem("schemes.error.weight.name", r + 1);
                }
                else if (s.Weights.Take(r).Any(o => string.Equals(o.Name.Trim(), name, StringComparison.Ordinal)))
                {
                    Problem("schemes.error.weight.twice", name);
                }

                if (NonNegative(s.Weights[r].Weight) is null)
                {
                    Problem("schemes.error.weight.value", name.Length > 0 ? name : $"#{r + 1}", s.Weights[r].Weight.Trim());
                }
            }

            if (s.BudgetPoints.Trim().Length > 0 && NonNegative(s.BudgetPoints) is null)
            {
                Problem("schemes.error.budget", s.BudgetPoints.Trim());
            }

            var from = Year(s.FromYear, text["schemes.field.from"], Problem);
            var to = Year(s.ToYear, text["schemes.field.to"], Problem);
            if (from > to)
            {
                Problem("schemes.error.years", from, to);
            }
        }

        return problems;
    }

    /// <summary>The schemes as the settings JSON of <c>Rules.S1.Schemes</c> (every field, in the record's order, as
    /// the catalog writes them), or null when <see cref="Validate"/> reports a problem.</summary>
    public string? ToJson()
    {
        if (Validate(new UiText()).Count > 0)
        {
            return null;
        }

        var array = new JsonArray();
        foreach (var s in _schemes)
        {
            var weights = new JsonObject();
            foreach (var row in s.Weights)
            {
                weights[row.Name.Trim()] = NonNegative(row.Weight);
            }

            array.Add(new JsonObject
            {
                ["Id"] = s.Id.Trim(),
                ["FormKind"] = s.FormKind,
                ["Weights"] = weights,
                ["BudgetPoints"] = NonNegative(s.BudgetPoints),
                ["FromYear"] = YearValue(s.FromYear),
                ["ToYear"] = YearValue(s.ToYear),
                ["UnitPrefixes"] = List(s.UnitPrefixes),
                ["SignatureBlocks"] = List(s.SignatureBlocks),
            });
        }

        return array.ToJsonString(JsonText);
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonText = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private static string Lines(JsonNode? node) =>
        string.Join("\n", (node as JsonArray ?? []).Select(Text));

    private static JsonArray? List(string text)
    {
        var items = text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length == 0 ? null : new JsonArray([.. items.Select(i => JsonValue.Create(i))]);
    }

    private static decimal? Number(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>The number ≥ 0 typed (trailing zeros dropped, so 30.0 and 30 are the same weight), else null.</summary>
    private static decimal? NonNegative(string text) =>
        Number(text) is { } d && d >= 0 ? d / 1.000000000000000000000000000000000m : null;

    private static int? YearValue(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;

    /// <summary>The year typed (null when empty); a problem naming <paramref name="field"/> when it is not one.</summary>
    private static int? Year(string text, string field, Action<string, object?[]> problem)
    {
        if (text.Trim().Length == 0)
        {
            return null;
        }

        if (YearValue(text) is { } year and >= FirstYear and <= LastYear)
        {
            return year;
        }

        problem("schemes.error.year", [field, text.Trim()]);
        return null;
    }
}
