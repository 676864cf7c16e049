using System.Globalization;
using System.Text.Json.Nodes;
using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Data;

/// <summary>What kind of input a rule setting takes.</summary>
public enum SettingInputKind
{
    /// <summary>true or false (a switch).</summary>
    Switch,

    /// <summary>A whole number.</summary>
    WholeNumber,

    /// <summary>A number with decimals (double or decimal).</summary>
    Number,

    /// <summary>Free text.</summary>
    Text,

    /// <summary>One name of an enum.</summary>
    Choice,

    /// <summary>A list of numbers, names or texts, typed as comma-separated items.</summary>
    List,

    /// <summary>Structured values (e.g. a list of weight schemes), typed as JSON.</summary>
    Json,
}

/// <summary>
/// Rule settings as typed in a form: the input kind of each setting's type, its value as text, and the text parsed
/// back to the JSON value the catalog binds, with an error naming the rule and key.
/// </summary>
public static class RuleSettingText
{
    /// <summary>The key of a rule's on/off switch.</summary>
    public const string EnabledKey = "Enabled";

    public static SettingInputKind KindOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool))
        {
            return SettingInputKind.Switch;
        }

        if (t.IsEnum)
        {
            return SettingInputKind.Choice;
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short))
        {
            return SettingInputKind.WholeNumber;
        }

        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return SettingInputKind.Number;
        }

        if (t == typeof(string))
        {
            return SettingInputKind.Text;
        }

        return ElementType(t) is { } item && KindOf(item) is not (SettingInputKind.List or SettingInputKind.Json)
            ? SettingInputKind.List
            : SettingInputKind.Json;
    }

    /// <summary>The names an enum setting (or the items of a list of an enum) may take; empty otherwise.</summary>
    public static IReadOnlyList<string> ChoicesOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var item = ElementType(t) ?? t;
        return item.IsEnum ? Enum.GetNames(item) : [];
    }

    /// <summary>The value of a setting of <paramref name="type"/> as its input shows it: numbers invariant, lists
    /// comma-separated, text as is, structured values as indented JSON.</summary>
    public static string Format(JsonNode? value, Type type) => KindOf(type) switch
    {
        _ when value is null => "",
        SettingInputKind.Json => value.ToJsonString(JsonText),
        SettingInputKind.List when value is JsonArray array => string.Join(", ", array.Select(Plain)),
        _ => Plain(value),
    };

    private static string Plain(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";

    private static readonly System.Text.Json.JsonSerializerOptions JsonText = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses <paramref name="text"/> for <paramref name="key"/> of <paramref name="rule"/> into the JSON
    /// value the catalog binds; a <see cref="RuleSettingsException"/> names <c>Rules.CODE.KEY</c> and what was
    /// expected.</summary>
    public static JsonNode? Parse(RuleSettingsView rule, string key, string? text, string origin)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var where = $"{origin}: Rules.{rule.Info.Code}.{key}";
        var raw = (text ?? "").Trim();
        if (key == EnabledKey)
        {
            return ParseBool(raw, where);
        }

        var setting = rule.Settings.FirstOrDefault(s => s.Name == key)
            ?? throw new RuleSettingsException(
                $"{where}: unknown setting (expected one of: {string.Join(", ", rule.Settings.Select(s => s.Name).Prepend(EnabledKey))})");
        var type = Nullable.GetUnderlyingType(setting.Type) ?? setting.Type;
        if (KindOf(type) == SettingInputKind.Json)
        {
            try
            {
                return JsonNode.Parse(raw);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new RuleSettingsException($"{where}: not valid JSON ({ex.Message})", ex);
            }
        }

        if (KindOf(type) == SettingInputKind.List)
        {
            var item = ElementType(type)!;
            var items = raw.Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new JsonArray([.. items.Select(i => ParseOne(item, i, where))]);
        }

        return ParseOne(type, raw, where);
    }

    private static JsonValue ParseOne(Type type, string raw, string where)
    {
        switch (KindOf(type))
        {
            case SettingInputKind.Switch:
                return ParseBool(raw, where);
            case SettingInputKind.WholeNumber:
                return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? JsonValue.Create(n)
                    : throw new RuleSettingsException($"{where}: '{raw}' is not a whole number");
            case SettingInputKind.Number:
                return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? JsonValue.Create(d)
                    : throw new RuleSettingsException($"{where}: '{raw}' is not a number (expected e.g. 0.05)");
            case SettingInputKind.Choice:
                var names = Enum.GetNames(type);
                return names.FirstOrDefault(x => string.Equals(x, raw, StringComparison.OrdinalIgnoreCase)) is { } name
                    ? JsonValue.Create(name)
                    : throw new RuleSettingsException($"{where}: '{raw}' is not one of {string.Join(", ", names)}");
            default:
                return JsonValue.Create(raw);
        }
    }

    private static JsonValue ParseBool(string raw, string where) =>
        raw.ToUpperInvariant() switch
        {
            "TRUE" or "ON" or "1" => JsonValue.Create(true),
            "FALSE" or "OFF" or "0" => JsonValue.Create(false),
            _ => throw new RuleSettingsException($"{where}: '{raw}' is not true or false"),
        };

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            ? type.GetGenericArguments()[0]
            : null;
    }
}
