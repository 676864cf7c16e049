using System.Globalization;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Dashboard.Localization;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>What a save would send: the changed values, or the problems found before anything is sent.</summary>
public sealed record SettingsEdit(IReadOnlyList<SettingChange> Changes, IReadOnlyList<string> Problems);

/// <summary>
/// The 规则设置 page's edits: every rule's switch and settings as loaded and as edited (text, as
/// <see cref="RuleSettingText"/> formats and parses them), with the weight schemes of rule S1 in a structured
/// <see cref="WeightSchemesEditor"/>; which values changed; and the changes to save, checked first so that a bad
/// scheme is named before anything reaches the server (which checks everything again through the catalog).
/// </summary>
public sealed class SettingsEditor
{
    private const string ExpectedTotalSetting = "ExpectedTotal";

    /// <summary>S1's ExpectedTotal default (RULES.md §3 S1), when the edited value is not a number.</summary>
    private const decimal DefaultExpectedTotal = 100m;

    private readonly Dictionary<string, string> _original = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _edited = new(StringComparer.Ordinal);

    public SettingsEditor(IReadOnlyList<RuleSettingsView> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            _original[Key(rule.Info.Code, RuleSettingText.EnabledKey)] = rule.Enabled ? "true" : "false";
            foreach (var s in rule.Settings)
            {
                var key = Key(rule.Info.Code, s.Name);
                if (WeightSchemesEditor.Edits(s.Type))
                {
                    Schemes = WeightSchemesEditor.FromJson(s.Value);
                    SchemesKey = key;
                    // Compared with the editor's own output, so an untouched editor is no change.
                    _original[key] = Schemes.ToJson() ?? RuleSettingText.Format(s.Value, s.Type);
                }
                else
                {
                    _original[key] = RuleSettingText.Format(s.Value, s.Type);
                }
            }
        }

        foreach (var (key, value) in _original)
        {
            _edited[key] = value;
        }
    }

    /// <summary>The structured editor of S1's weight schemes (null if no rule has them).</summary>
    public WeightSchemesEditor? Schemes { get; }

    /// <summary>The key of the schemes setting (<c>S1.Schemes</c>).</summary>
    public string? SchemesKey { get; }

    public static string Key(string code, string name) => code + "." + name;

    /// <summary>The value of <paramref name="key"/> as edited (text).</summary>
    public string this[string key] => key == SchemesKey ? Schemes!.ToJson() ?? "" : _edited[key];

    public void Set(string key, string? value) => _edited[key] = value ?? "";

    /// <summary>Whether the value of <paramref name="key"/> differs from the one loaded (an invalid scheme list
    /// counts as changed).</summary>
    public bool IsChanged(string key) => key == SchemesKey
        ? Schemes!.ToJson() is not { } json || json != _original[key]
        : _edited[key] != _original[key];

    /// <summary>What the schemes total should be: the edited ExpectedTotal of the schemes' rule, or 100.</summary>
    public decimal SchemesTotal =>
        SchemesKey is not null
        && _edited.TryGetValue(Key(SchemesKey[..SchemesKey.IndexOf('.', StringComparison.Ordinal)], ExpectedTotalSetting), out var text)
        && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var total)
            ? total
            : DefaultExpectedTotal;

    /// <summary>The changed values; or, when the schemes do not check out, their problems (and no changes).</summary>
    public SettingsEdit Changes(UiText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = Schemes?.Validate(text) ?? [];
        if (problems.Count > 0)
        {
            return new SettingsEdit([], problems);
        }

        var changes = _original.Keys.Where(IsChanged)
            .Select(key =>
            {
                var dot = key.IndexOf('.', StringComparison.Ordinal);
                return new SettingChange(key[..dot], key[(dot + 1)..], this[key]);
            })
            .ToList();
        return new SettingsEdit(changes, []);
    }

    /// <summary>Whether anything was edited (a restore then discards it: the page says so).</summary>
    public bool HasEdits => _original.Keys.Any(IsChanged);
}
