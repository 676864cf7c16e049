using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PerfEvalAnalytics.Generator;

/// <summary>One injected anomaly: the rule that should find it, where (labels.jsonl, one JSON object a line).</summary>
/// <param name="File">The form's file name.</param>
/// <param name="Unit">单位名称.</param>
/// <param name="Year">年度.</param>
/// <param name="Line">The 1-based line of the row concerned; null when the finding is about the form as a whole.</param>
/// <param name="Rule">The rule code (S1, C2, …).</param>
public sealed record AnomalyLabel(string File, string Unit, int Year, int? Line, string Rule)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads labels.jsonl; a bad line throws <see cref="FormatException"/> naming the line.</summary>
    public static IReadOnlyList<AnomalyLabel> ReadAll(string path)
    {
        var labels = new List<AnomalyLabel>();
        var number = 0;
        foreach (var line in System.IO.File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var label = JsonSerializer.Deserialize<AnomalyLabel>(line, Options);
                if (label is null || string.IsNullOrEmpty(label.Rule) || label.File is null || label.Unit is null)
                {
                    throw new FormatException($"{path}:{number}: expected an object with file, unit, year, line, rule");
                }

                labels.Add(label);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path}:{number}: not valid JSON ({ex.Message})", ex);
            }
        }

        return labels;
    }
}
