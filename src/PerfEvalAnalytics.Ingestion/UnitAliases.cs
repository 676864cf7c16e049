using System.Text.Json;
using System.Text.Json.Serialization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// The configured list of other names a unit has filed under (data/settings/aliases.json): alias → canonical name.
/// Applied at ingest so the same unit is one unit across years; only listed names are merged, matched exactly after
/// <see cref="UnitNames.Normalize"/> (white space and full-width forms), never by similarity.
/// </summary>
public sealed class UnitAliases
{
    /// <summary>Where the CLI looks for the list when no --aliases option is given.</summary>
    public const string DefaultPath = "data/settings/aliases.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, string> canonicalByKey;

    public UnitAliases(IReadOnlyDictionary<string, string> aliasToCanonical)
    {
        canonicalByKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (alias, canonical) in aliasToCanonical)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(alias);
            ArgumentException.ThrowIfNullOrWhiteSpace(canonical);
            var key = UnitNames.Normalize(alias);
            if (canonicalByKey.TryGetValue(key, out var other) && other != canonical)
            {
                throw new ArgumentException($"alias '{alias}' is listed for both '{other}' and '{canonical}'");
            }

            canonicalByKey[key] = canonical;
        }
    }

    /// <summary>No aliases.</summary>
    public static UnitAliases None { get; } = new(new Dictionary<string, string>());

    public int Count => canonicalByKey.Count;

    /// <summary>Reads the list: <c>{ "Aliases": { "alias": "canonical name", … } }</c>; unknown keys fail.</summary>
    public static UnitAliases Load(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<AliasFile>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file is empty");
            return new UnitAliases(file.Aliases);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or IOException)
        {
            throw new FormParseException(Path.GetFileName(path), null,
                $"bad alias list: {ex.Message}; expected {{ \"Aliases\": {{ \"name as filed\": \"canonical name\" }} }}");
        }
    }

    /// <summary>
    /// The form under its canonical unit name, with the name as filed kept in
    /// <see cref="EvaluationForm.UnitNameAsFiled"/>; the same form when no alias matches (or it is already canonical).
    /// </summary>
    public EvaluationForm Apply(EvaluationForm form)
    {
        if (!canonicalByKey.TryGetValue(UnitNames.Normalize(form.UnitName), out var canonical)
            || UnitNames.Normalize(canonical) == UnitNames.Normalize(form.UnitName))
        {
            return form;
        }

        return form with { UnitName = canonical, UnitNameAsFiled = form.UnitName };
    }

    private sealed record AliasFile(Dictionary<string, string> Aliases);
}
