using System.Text.Json.Nodes;
using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>The settings page's texts: every setting of every rule shows as a text that parses back to its value, so
/// a page saved without edits changes nothing; a bad text names the rule and key.</summary>
public sealed class RuleSettingTextTests
{
    [Fact]
    public void EverySetting_FormattedAndParsedBack_BindsToTheSameSettings()
    {
        var views = RuleCatalog.Describe(null, "defaults");
        var root = new JsonObject();
        foreach (var view in views)
        {
            var section = new JsonObject
            {
                ["Enabled"] = RuleSettingText.Parse(view, "Enabled", view.Enabled ? "true" : "false", "t"),
            };
            foreach (var s in view.Settings)
            {
                var kind = RuleSettingText.KindOf(s.Type);
                Assert.True(kind != SettingInputKind.Text || s.Type == typeof(string), $"{view.Info.Code}.{s.Name}: {s.Type} shown as free text");
                section[s.Name] = RuleSettingText.Parse(view, s.Name, RuleSettingText.Format(s.Value, s.Type), "t");
            }

            root[view.Info.Code] = section;
        }

        var parsed = RuleCatalog.Create(new JsonObject { ["Rules"] = root }.ToJsonString(), "parsed");

        Assert.Equal(RuleCatalog.Default().SettingsHash, parsed.SettingsHash);
    }

    [Theory]
    [InlineData("C1", "Reverse", "ratio", "\"Ratio\"")]
    [InlineData("T6", "CostRequiredFor", "Project， DepartmentOverall", "[\"Project\",\"DepartmentOverall\"]")]
    [InlineData("S5", "ExtraTolerancePp", " 1e-2 ", "0.01")]
    [InlineData("T1", "Enabled", "OFF", "false")]
    public void Parse_TypedText_GivesTheJsonValue(string code, string key, string text, string expected)
    {
        var view = RuleCatalog.Describe(null, "defaults").Single(v => v.Info.Code == code);

        var value = RuleSettingText.Parse(view, key, text, "settings");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), value), value?.ToJsonString());
    }

    [Theory]
    [InlineData("C1", "Reverse", "sideways", "settings: Rules.C1.Reverse: 'sideways' is not one of ")]
    [InlineData("T6", "CostRequiredFor", "Project, Other", "settings: Rules.T6.CostRequiredFor: 'Other' is not one of ")]
    [InlineData("M2", "MinYears", "2.5", "settings: Rules.M2.MinYears: '2.5' is not a whole number")]
    [InlineData("S1", "Schemes", "[{", "settings: Rules.S1.Schemes: not valid JSON")]
    public void Parse_BadText_NamesTheRuleAndKey(string code, string key, string text, string expected)
    {
        var view = RuleCatalog.Describe(null, "defaults").Single(v => v.Info.Code == code);

        var error = Assert.Throws<RuleSettingsException>(() => RuleSettingText.Parse(view, key, text, "settings"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
