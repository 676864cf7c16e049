using System.Text.Json;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Cli.Tests;

public sealed class AnalysisCliTests : CliTestBase
{
    /// <summary>The reference form with its 财政拨款 rate changed from 98.87 to 92.00: an S5 finding at line 7.</summary>
    private string WrongRateForm()
    {
        var path = Path.Combine(Folder, "wrong-rate.txt");
        File.WriteAllText(path, TestData.ReferenceWith(7, l => l.Replace("98.87", "92.00", StringComparison.Ordinal)));
        return path;
    }

    private static List<JsonElement> Findings(string json, string rule)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Where(e => e.GetProperty("rule").GetString() == rule)
            .Select(e => e.Clone()).ToList();
    }

    [Fact]
    public async Task CheckJson_WrongRate_ReportsS5AtLine7WithEvidence()
    {
        var (code, stdout, stderr) = await RunAsync("check", WrongRateForm(), "--json");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        var s5 = Assert.Single(Findings(stdout, "S5"));
        Assert.Equal(7, s5.GetProperty("line").GetInt32());
        Assert.Equal("High", s5.GetProperty("severity").GetString());
        Assert.Equal(92.0, s5.GetProperty("evidence").GetProperty("reportedRate").GetDouble(), 6);
        Assert.Equal("上海市闵行区虹桥镇城市运行管理中心", s5.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Check_Text_PrintsTheChineseMessage_AndEnglishOnRequest()
    {
        var path = WrongRateForm();

        var (_, zh, _) = await RunAsync("check", path);
        var (_, en, _) = await RunAsync("check", path, "--lang", "en");

        Assert.Contains("财政拨款执行率填报 92.00%", zh, StringComparison.Ordinal);
        Assert.Contains("reported execution rate 92.00%", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_TwiceThenExport_StoresOneSetOfFindings()
    {
        await RunAsync("ingest", WrongRateForm(), "--db", Db);

        var (code1, first, _) = await RunAsync("analyze", "--db", Db, "--json");
        var (code2, summary, _) = await RunAsync("analyze", "--db", Db);
        var csv = Path.Combine(Folder, "out.csv");
        var (code3, exported, _) = await RunAsync("export", "--db", Db, "--format", "csv", "--out", csv, "--rule", "S5");

        Assert.Equal([0, 0, 0], new[] { code1, code2, code3 });
        Assert.Single(Findings(first, "S5"));
        Assert.Contains("run 2:", summary, StringComparison.Ordinal);
        Assert.Contains("1 findings written", exported, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public async Task Analyze_WithoutRules_UsesTheSettingsSavedInTheStore_AndRulesFileOverridesThem()
    {
        await RunAsync("ingest", WrongRateForm(), "--db", Db);
        var store = await Data.PerfEvalDb.OpenSqliteStoreAsync(Db, default);
        var saved = await new Data.RuleSettingsStore(store.Factory, TimeProvider.System).SaveAsync(
            [new Data.SettingChange("S5", "Enabled", "false")], 0, Path.Combine(Folder, "none.json"), "王主任", default);
        var rules = Path.Combine(Folder, "rules.json");
        await File.WriteAllTextAsync(rules, """{ "Rules": {} }""");

        var (code1, stored, _) = await RunAsync("analyze", "--db", Db, "--json");
        var (code2, summary, _) = await RunAsync("analyze", "--db", Db);
        var (code3, fromFile, _) = await RunAsync("analyze", "--db", Db, "--json", "--rules", rules);

        Assert.Equal(Data.SettingsSaveOutcome.Saved, saved.Outcome);
        Assert.Equal([0, 0, 0], new[] { code1, code2, code3 });
        Assert.Empty(Findings(stored, "S5"));
        Assert.Contains($"(settings {saved.SettingsHash} from database rule_settings (version 1))", summary, StringComparison.Ordinal);
        Assert.Single(Findings(fromFile, "S5"));

        // `settings` prints what analyze used; written to a file, --rules reproduces it.
        var exported = Path.Combine(Folder, "exported.json");
        var (code4, wrote, _) = await RunAsync("settings", "--db", Db, "--out", exported);
        var (code5, again, _) = await RunAsync("analyze", "--db", Db, "--rules", exported);
        Assert.Equal([0, 0], new[] { code4, code5 });
        Assert.Contains($"settings {saved.SettingsHash} from database rule_settings (version 1), saved by 王主任", wrote, StringComparison.Ordinal);
        Assert.Contains($"(settings {saved.SettingsHash} from {exported})", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_RulesFileWithUnknownKey_ExitsTwoNamingTheKey()
    {
        var rules = Path.Combine(Folder, "rules.json");
        await File.WriteAllTextAsync(rules, """{ "Rules": { "S5": { "Tolerance": 1 } } }""");

        var (code, _, stderr) = await RunAsync("analyze", "--db", Db, "--rules", rules);

        Assert.Equal(2, code);
        Assert.Contains("rules.json: Rules.S5.Tolerance: unknown setting", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RuleDisabledInSettings_IsNotRun()
    {
        var rules = Path.Combine(Folder, "rules.json");
        await File.WriteAllTextAsync(rules, """{ "Rules": { "S5": { "Enabled": false } } }""");

        var (_, stdout, _) = await RunAsync("check", WrongRateForm(), "--json", "--rules", rules);

        Assert.Empty(Findings(stdout, "S5"));
    }

    [Fact]
    public async Task InitSettings_WritesAFileThatLoadsBack()
    {
        var rules = Path.Combine(Folder, "rules.json");

        var (code, _, _) = await RunAsync("init-settings", "--out", rules);
        var (checkCode, stdout, _) = await RunAsync("check", WrongRateForm(), "--json", "--rules", rules);

        Assert.Equal(0, code);
        Assert.Equal(0, checkCode);
        Assert.Single(Findings(stdout, "S5"));
    }
}
