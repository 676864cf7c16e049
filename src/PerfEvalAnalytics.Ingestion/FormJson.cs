using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// The normalised JSON of a parsed form (camelCase), as printed by <c>perfeval parse --json</c> and pinned by the
/// golden files. Decimals keep the scale they were filed with (0.50 stays 0.50).
/// </summary>
public static class FormJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Chinese text stays readable in the output instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new OperatorConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The form as JSON; <paramref name="includeSource"/> false leaves out provenance (file, hash,
    /// encoding), which is how the same form in two encodings compares equal.</summary>
    public static string Serialize(EvaluationForm form, bool includeSource = true) =>
        JsonSerializer.Serialize(ToDocument(form, includeSource), Options);

    private static FormDocument ToDocument(EvaluationForm f, bool includeSource) => new(
        f.Kind, f.UnitName, f.UnitNameAsFiled, f.Year, f.ProjectName, f.AmountUnit, f.BudgetLines,
        f.Goals is null ? null : new GoalsDocument(f.Goals.Planned, f.Goals.Achieved, f.Goals.Line),
        f.Indicators.Select(r => new IndicatorDocument(
            r.Level1, r.Level1Weight, r.Level1Basis, r.Level2, r.Name, r.NameAsFiled, Value(r.Target),
            Value(r.Actual), r.Points, r.Score, r.Explanation, r.Line)).ToList(),
        f.TotalPoints, f.TotalScore, f.TotalLine, f.Grade, f.IsIncomplete, f.IncompleteReason, f.Notes,
        includeSource ? new SourceDocument(f.Source.FileName, f.Source.Sha256, f.Source.Encoding, f.Source.Part) : null);

    private sealed record FormDocument(
        FormKind Kind, string Unit,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnitAsFiled,
        int Year, string? Project, string? AmountUnit,
        IReadOnlyList<BudgetLine> BudgetLines, GoalsDocument? Goals, IReadOnlyList<IndicatorDocument> Indicators,
        decimal? TotalPoints, decimal? TotalScore, int TotalLine, string? Grade, bool Incomplete,
        string? IncompleteReason, IReadOnlyList<FormNote> Notes, SourceDocument? Source);

    private sealed record GoalsDocument(string? Planned, string? Achieved, int Line);

    private sealed record SourceDocument(
        string FileName, string Sha256, string Encoding,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Part);

    private sealed record IndicatorDocument(
        string Level1, decimal? Level1Weight, Level1Basis Level1Basis, string? Level2, string? Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NameAsFiled,
        ValueDocument Target, ValueDocument Actual, decimal? Points, decimal? Score, string? Explanation, int Line);

    private sealed record ValueDocument(string Raw, ComparisonOperator Op, decimal? Value, string? Unit, ValueKind Kind);

    private static ValueDocument Value(ParsedValue v) => new(v.Raw, v.Op, v.Value, v.Unit, v.Kind);

    /// <summary>Operators print as the symbols users read on the form (≥, =, …), null when none was written.</summary>
    private sealed class OperatorConverter : JsonConverter<ComparisonOperator>
    {
        public override ComparisonOperator Read(ref Utf8JsonReader reader, Type typeToConvert,
            JsonSerializerOptions options) => OperatorSymbols.Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, ComparisonOperator value, JsonSerializerOptions options)
        {
            if (OperatorSymbols.ToSymbol(value) is { } symbol)
            {
                writer.WriteStringValue(symbol);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        // A null operator must still be written (HandleNull), so the JSON always has the key.
        public override bool HandleNull => true;
    }
}
