using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Every rule of the catalog, found by reflection, with its settings bound from the rules file
/// (data/settings/rules.json: <c>{ "Rules": { "S5": { "Tolerance": 0.0001 }, "T1": { "Enabled": false } } }</c>).
/// Every value is optional (defaults live in each rule's <c>Settings</c> record); rules are on unless disabled;
/// an unknown rule code or setting is an error naming it.
/// </summary>
public sealed class RuleCatalog
{
    private const string EnabledKey = "Enabled";

    private static readonly JsonSerializerOptions StrictOptions = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    private RuleCatalog(IReadOnlyList<IRule> rules, IReadOnlyList<RuleInfo> disabled, string settingsHash)
    {
        Rules = rules;
        Disabled = disabled;
        SettingsHash = settingsHash;
    }

    /// <summary>The enabled rules, ordered by code.</summary>
    public IReadOnlyList<IRule> Rules { get; }

    /// <summary>Rules switched off in the settings.</summary>
    public IReadOnlyList<RuleInfo> Disabled { get; }

    /// <summary>SHA-256 (hex, first 16 chars) of the effective settings of every rule, enabled flags included.</summary>
    public string SettingsHash { get; }

    /// <summary>Every rule type in this assembly, ordered by code.</summary>
    public static IReadOnlyList<Type> RuleTypes { get; } = typeof(IRule).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRule).IsAssignableFrom(t))
        .OrderBy(t => CodeOf(t), StringComparer.Ordinal)
        .ToList();

    /// <summary>The catalog with every rule on and at its defaults.</summary>
    public static RuleCatalog Default() => Create(null, "(defaults)");

    /// <summary>Reads a rules file; a missing file means defaults.</summary>
    public static RuleCatalog FromFile(string path) =>
        File.Exists(path) ? Create(File.ReadAllText(path), path) : Create(null, path);

    /// <summary>Builds the catalog from settings JSON (null for defaults); <paramref name="origin"/> names the source
    /// in error messages.</summary>
    public static RuleCatalog Create(string? json, string origin)
    {
        var sections = ReadKnownSections(json, origin);
        var rules = new List<IRule>();
        var disabled = new List<RuleInfo>();
        var effective = new JsonObject();
        foreach (var type in RuleTypes)
        {
            var code = CodeOf(type);
            sections.TryGetValue(code, out var section);
            var (rule, enabled, settings) = Instantiate(type, section, origin, code);
            effective[code] = new JsonObject { [EnabledKey] = enabled, ["Settings"] = settings };
            if (enabled)
            {
                rules.Add(rule);
            }
            else
            {
                disabled.Add(rule.Info);
            }
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(effective.ToJsonString())))[..16];
        return new RuleCatalog(rules, disabled, hash);
    }

    /// <summary>The settings file with every rule and every setting at its default (<c>perfeval init-settings</c>).</summary>
    public static string DefaultSettingsJson() => EffectiveSettingsJson(null, "(defaults)");

    /// <summary>
    /// The settings file with every rule and every setting at its effective value when <paramref name="json"/> is
    /// bound (the shape <c>perfeval init-settings</c> writes); the same errors as <see cref="Create"/>.
    /// </summary>
    public static string EffectiveSettingsJson(string? json, string origin)
    {
        var rules = new JsonObject();
        foreach (var view in Describe(json, origin))
        {
            var section = new JsonObject { [EnabledKey] = view.Enabled };
            foreach (var setting in view.Settings)
            {
                section[setting.Name] = setting.Value?.DeepClone();
            }

            rules[view.Info.Code] = section;
        }

        return new JsonObject { [nameof(Rules)] = rules }.ToJsonString(WriteOptions);
    }

    /// <summary>
    /// Every rule, ordered by code, with its enabled flag and each setting's name, type, default and effective value,
    /// bound from <paramref name="json"/> (null for defaults) exactly as <see cref="Create"/> binds it (same errors).
    /// </summary>
    public static IReadOnlyList<RuleSettingsView> Describe(string? json, string origin)
    {
        var sections = ReadKnownSections(json, origin);
        var views = new List<RuleSettingsView>();
        foreach (var type in RuleTypes)
        {
            var code = CodeOf(type);
            sections.TryGetValue(code, out var section);
            var (rule, enabled, settings) = Instantiate(type, section, origin, code);
            var settingsType = SettingsTypeOf(type);
            var list = new List<RuleSettingView>();
            if (settingsType is not null && settings is JsonObject values)
            {
                var defaults = JsonSerializer.SerializeToNode(DefaultSettings(settingsType), settingsType, WriteOptions)!
                    .AsObject();
                foreach (var (name, value) in values)
                {
                    var property = settingsType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!;
                    list.Add(new RuleSettingView(name, property.PropertyType, defaults[name]?.DeepClone(),
                        value?.DeepClone()));
                }
            }

            views.Add(new RuleSettingsView(rule.Info, enabled, list));
        }

        return views;
    }

    private static Dictionary<string, JsonObject> ReadKnownSections(string? json, string origin)
    {
        var sections = ReadSections(json, origin);
        var byCode = RuleTypes.Select(CodeOf).ToList();
        foreach (var code in sections.Keys.Where(c => !byCode.Contains(c, StringComparer.Ordinal)))
        {
            throw new RuleSettingsException(
                $"{origin}: Rules.{code}: unknown rule code (expected one of: {string.Join(", ", byCode)})");
        }

        return sections;
    }

    private static Dictionary<string, JsonObject> ReadSections(string? json, string origin)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new RuleSettingsException($"{origin}:{ex.LineNumber + 1}: not valid JSON ({ex.Message})", ex);
        }

        if (root is not JsonObject top)
        {
            throw new RuleSettingsException($"{origin}: expected an object {{ \"Rules\": {{ ... }} }}");
        }

        foreach (var (key, value) in top)
        {
            if (key != nameof(Rules))
            {
                throw new RuleSettingsException($"{origin}: {key}: unknown key (expected \"Rules\")");
            }

            if (value is not JsonObject rules)
            {
                throw new RuleSettingsException($"{origin}: Rules: expected an object of rule codes");
            }

            foreach (var (code, section) in rules)
            {
                result[code] = section as JsonObject
                    ?? throw new RuleSettingsException($"{origin}: Rules.{code}: expected an object of settings");
            }
        }

        return result;
    }

    private static (IRule Rule, bool Enabled, JsonNode? Settings) Instantiate(
        Type type, JsonObject? section, string origin, string code)
    {
        var enabled = true;
        var settingsJson = new JsonObject();
        if (section is not null)
        {
            foreach (var (key, value) in section)
            {
                if (key == EnabledKey)
                {
                    enabled = value is JsonValue v && v.TryGetValue<bool>(out var b)
                        ? b
                        : throw new RuleSettingsException($"{origin}: Rules.{code}.Enabled: expected true or false");
                }
                else
                {
                    settingsJson[key] = value?.DeepClone();
                }
            }
        }

        var settingsType = SettingsTypeOf(type);
        if (settingsType is null)
        {
            if (settingsJson.Count > 0)
            {
                throw new RuleSettingsException(
                    $"{origin}: Rules.{code}.{settingsJson.First().Key}: unknown setting ({code} has only \"Enabled\")");
            }

            return ((IRule)Activator.CreateInstance(type)!, enabled, null);
        }

        var known = settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.Name).ToList();
        foreach (var key in settingsJson.Select(kv => kv.Key).Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            throw new RuleSettingsException(
                $"{origin}: Rules.{code}.{key}: unknown setting (expected one of: {string.Join(", ", known.Prepend(EnabledKey))})");
        }

        object settings;
        try
        {
            settings = settingsJson.Deserialize(settingsType, StrictOptions)!;
        }
        catch (JsonException ex)
        {
            throw new RuleSettingsException($"{origin}: Rules.{code}{ex.Path?.TrimStart('$')}: {ex.Message}", ex);
        }

        try
        {
            var rule = (IRule)Activator.CreateInstance(type, settings)!;
            return (rule, enabled, JsonSerializer.SerializeToNode(settings, settingsType, WriteOptions));
        }
        catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException inner)
        {
            throw new RuleSettingsException($"{origin}: Rules.{code}: {inner.Message}", inner);
        }
    }

    private static Type? SettingsTypeOf(Type ruleType) => ruleType.GetNestedType("Settings");

    private static object DefaultSettings(Type settingsType) =>
        JsonSerializer.Deserialize("{}", settingsType, StrictOptions)!;

    private static string CodeOf(Type type)
    {
        var settingsType = SettingsTypeOf(type);
        var instance = settingsType is null
            ? Activator.CreateInstance(type)
            : Activator.CreateInstance(type, DefaultSettings(settingsType));
        return ((IRule)instance!).Info.Code;
    }
}
