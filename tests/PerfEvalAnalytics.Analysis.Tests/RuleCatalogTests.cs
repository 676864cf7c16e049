using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class RuleCatalogTests
{
    [Fact]
    public void Default_EveryRuleHasUniqueCodeAndDocPage()
    {
        var catalog = RuleCatalog.Default();

        var codes = catalog.Rules.Select(r => r.Info.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        foreach (var code in codes)
        {
            Assert.True(File.Exists(Path.Combine(TestData.RepoRoot, "docs", "rules", code + ".md")),
                $"docs/rules/{code}.md is missing");
        }
    }

    [Fact]
    public void Create_UnknownRuleCode_ErrorNamesTheCode()
    {
        var ex = Assert.Throws<RuleSettingsException>(() =>
            RuleCatalog.Create("""{ "Rules": { "S55": { "Enabled": false } } }""", "rules.json"));

        Assert.Contains("rules.json: Rules.S55: unknown rule code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownSetting_ErrorNamesTheKeyAndTheKnownOnes()
    {
        var ex = Assert.Throws<RuleSettingsException>(() =>
            RuleCatalog.Create("""{ "Rules": { "S5": { "ExtraTolerance": 1 } } }""", "rules.json"));

        Assert.Contains("Rules.S5.ExtraTolerance: unknown setting", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ExtraTolerancePp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownTopLevelKey_Fails()
    {
        Assert.Throws<RuleSettingsException>(() => RuleCatalog.Create("""{ "Rule": {} }""", "rules.json"));
    }

    [Fact]
    public void Create_DisabledRule_IsLeftOutAndChangesTheHash()
    {
        var all = RuleCatalog.Default();
        var without = RuleCatalog.Create("""{ "Rules": { "S5": { "Enabled": false } } }""", "rules.json");

        Assert.DoesNotContain(without.Rules, r => r.Info.Code == "S5");
        Assert.Contains(without.Disabled, r => r.Code == "S5");
        Assert.NotEqual(all.SettingsHash, without.SettingsHash);
    }

    [Fact]
    public void DefaultSettingsJson_RoundTripsToTheDefaultHash()
    {
        var json = RuleCatalog.DefaultSettingsJson();

        Assert.Equal(RuleCatalog.Default().SettingsHash, RuleCatalog.Create(json, "init").SettingsHash);
    }

    [Fact]
    public void CommittedRulesFile_Loads()
    {
        var path = Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json");

        var catalog = RuleCatalog.FromFile(path);

        Assert.NotEmpty(catalog.Rules);
    }
}
