using System.Text.Json.Nodes;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>
/// A changed setting as a reader checks it: one line per changed value, <c>CODE.KEY before → after</c>. Structured
/// values are followed down to what changed, so that an edit of one weight of S1's schemes reads
/// <c>S1.Schemes[MOF-PROJ-2020].Weights.产出指标 50 → 45</c> rather than two copies of every scheme; lists of objects
/// with an <c>Id</c> are matched by Id.
/// </summary>
public static class SettingChangeText
{
    private const string IdKey = "Id";

    public static IReadOnlyList<string> Describe(SettingDiff change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var lines = new List<string>();
        Walk($"{change.Code}.{change.Key}", change.Before, change.After, lines);
        return lines;
    }

    /// <summary>Every line of every change, in order.</summary>
    public static IReadOnlyList<string> Describe(IEnumerable<SettingDiff> changes) =>
        changes.SelectMany(Describe).ToList();

    private static void Walk(string path, JsonNode? before, JsonNode? after, List<string> lines)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var key in b.Select(kv => kv.Key).Concat(a.Select(kv => kv.Key)).Distinct(StringComparer.Ordinal))
            {
                Walk($"{path}.{key}", b[key], a[key], lines);
            }

            return;
        }

        if (before is JsonArray ba && after is JsonArray aa && ById(ba) is { } bi && ById(aa) is { } ai)
        {
            var beforeIds = bi.Select(x => x.Id).ToList();
            var afterIds = ai.Select(x => x.Id).ToList();
            foreach (var id in beforeIds.Concat(afterIds).Distinct(StringComparer.Ordinal))
            {
                Walk($"{path}[{id}]", Item(bi, id), Item(ai, id), lines);
            }

            // The order matters too (S1 takes the first listed scheme on ties).
            if (!beforeIds.Intersect(afterIds).SequenceEqual(afterIds.Intersect(beforeIds)))
            {
                lines.Add($"{path} {string.Join(", ", beforeIds)} → {string.Join(", ", afterIds)}");
            }

            return;
        }

        lines.Add($"{path} {Show(before)} → {Show(after)}");
    }

    /// <summary>The items with their Id, in order; null unless every item is an object with a distinct string Id.
    /// </summary>
    private static List<(string Id, JsonNode Item)>? ById(JsonArray array)
    {
        var items = new List<(string Id, JsonNode Item)>();
        foreach (var item in array)
        {
            if (item is not JsonObject o || o[IdKey] is not JsonValue v || !v.TryGetValue<string>(out var id)
                || items.Any(x => x.Id == id))
            {
                return null;
            }

            items.Add((id, o));
        }

        return items;
    }

    private static JsonNode? Item(List<(string Id, JsonNode Item)> items, string id) =>
        items.FirstOrDefault(x => x.Id == id).Item;

    private static string Show(JsonNode? node) => node is null ? "null" : AuditLog.Json(node);
}
