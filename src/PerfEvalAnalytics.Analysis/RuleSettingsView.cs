using System.Text.Json.Nodes;

namespace PerfEvalAnalytics.Analysis;

/// <summary>A rule's settings as bound by <see cref="RuleCatalog.Describe"/>: for a settings page or a report.</summary>
/// <param name="Info">Code, titles and family.</param>
/// <param name="Enabled">False when the settings switch the rule off.</param>
/// <param name="Settings">The members of the rule's <c>Settings</c> record, in the order the settings file lists
/// them (empty for a rule without settings).</param>
public sealed record RuleSettingsView(RuleInfo Info, bool Enabled, IReadOnlyList<RuleSettingView> Settings);

/// <summary>One member of a rule's <c>Settings</c> record.</summary>
/// <param name="Name">The key in the settings file, e.g. <c>Tolerance</c>.</param>
/// <param name="Type">The member's type (int, double, decimal, bool, string, an enum, or a list of those).</param>
/// <param name="Default">The value in the record's signature, as JSON.</param>
/// <param name="Value">The effective value, as JSON.</param>
public sealed record RuleSettingView(string Name, Type Type, JsonNode? Default, JsonNode? Value);
