using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>Rule settings kept in the store: strict binding, optimistic concurrency, the audit entry with the changed
/// keys, and the analysis that follows, on both providers.</summary>
[Collection(PostgresTests.Name)]
public sealed class RuleSettingsStoreTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    private static readonly string RulesFile = Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json");

    private static RuleSettingsStore Settings(PerfEvalStore store) => new(store.Factory, TimeProvider.System);

    private static async Task<List<AuditEntryEntity>> AuditAsync(PerfEvalStore store)
    {
        await using var db = await store.Factory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.Settings).ToListAsync();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Save_StoresTheChangedKeys_AuditsBeforeAndAfter_AndTheNextAnalysisUsesThem(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        await TestStores.IngestAndAnalyseAsync(store, [TestData.ReferencePath]);
        var settings = Settings(store);
        var seed = await settings.EffectiveAsync(RulesFile, default);

        var saved = await settings.SaveAsync(
            [new SettingChange("T1", "Enabled", "false"), new SettingChange("S5", "ExtraTolerancePp", "0.02"),
             new SettingChange("C1", "Tolerance", "0.01")], // unchanged: not a change
            expectedVersion: 0, RulesFile, "王主任", default);
        var now = await settings.EffectiveAsync(RulesFile, default);
        var job = await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System).RunAsync(now.Catalog(), default);

        Assert.False(seed.FromStore);
        Assert.Equal(RuleCatalog.FromFile(RulesFile).SettingsHash, seed.Catalog().SettingsHash);
        Assert.Equal(SettingsSaveOutcome.Saved, saved.Outcome);
        Assert.Equal(1, saved.Version);
        Assert.Equal(["S5.ExtraTolerancePp", "T1.Enabled"], saved.Changes.Select(c => $"{c.Code}.{c.Key}").Order());
        Assert.True(now.FromStore);
        Assert.Equal(("王主任", 1), (now.UpdatedBy, now.Version));
        Assert.Contains(now.Catalog().Disabled, r => r.Code == "T1");
        Assert.NotEqual(seed.Catalog().SettingsHash, now.Catalog().SettingsHash);
        Assert.Equal(saved.SettingsHash, job.Result.SettingsHash);
        Assert.DoesNotContain(job.Result.Findings, f => f.Rule.Code == "T1");
        var audit = Assert.Single(await AuditAsync(store));
        Assert.Equal("王主任", audit.Actor);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"S5.ExtraTolerancePp":0,"T1.Enabled":true}"""), JsonNode.Parse(audit.Before!)), audit.Before);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"S5.ExtraTolerancePp":0.02,"T1.Enabled":false}"""), JsonNode.Parse(audit.After!)), audit.After);
        Assert.Contains(seed.Catalog().SettingsHash, audit.Summary, StringComparison.Ordinal);
        Assert.Contains(saved.SettingsHash!, audit.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "S5", "ExtraTolerancePp", "abc", "Rules.S5.ExtraTolerancePp: 'abc' is not a number")]
    [InlineData(DatabaseProvider.Sqlite, "S5", "Tolerance", "1", "Rules.S5.Tolerance: unknown setting")]
    [InlineData(DatabaseProvider.Sqlite, "Z9", "Enabled", "false", "Rules.Z9: unknown rule code")]
    [InlineData(DatabaseProvider.Sqlite, "T1", "Enabled", "maybe", "Rules.T1.Enabled: 'maybe' is not true or false")]
    [InlineData(DatabaseProvider.Sqlite, "C5", "GoodMin", "95", "Rules.C5: ")]
    [InlineData(DatabaseProvider.PostgreSQL, "C1", "Tolerance", "-1", "Rules.C1: ")]
    public async Task Save_InvalidValue_IsRefusedNamingTheRuleAndKey_AndNothingIsStored(DatabaseProvider provider,
        string code, string key, string text, string expected)
    {
        var store = await OpenAsync(provider);
        var settings = Settings(store);

        var result = await settings.SaveAsync([new SettingChange(code, key, text)], 0, RulesFile, "王主任", default);

        Assert.Equal(SettingsSaveOutcome.Invalid, result.Outcome);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Null(await settings.StoredAsync(default));
        Assert.Empty(await AuditAsync(store));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Save_OnAStaleVersion_IsRefusedNamingWhoSaved_AndKeepsTheirSettings(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        var settings = Settings(store);
        var first = await settings.SaveAsync([new SettingChange("T1", "Enabled", "false")], 0, RulesFile, "王主任", default);

        var stale = await settings.SaveAsync([new SettingChange("S5", "ExtraTolerancePp", "0.5")], 0, RulesFile, "张审阅", default);
        var retry = await settings.SaveAsync([new SettingChange("S5", "ExtraTolerancePp", "0.5")], 1, RulesFile, "张审阅", default);
        var same = await settings.SaveAsync([new SettingChange("S5", "ExtraTolerancePp", "0.50")], 2, RulesFile, "张审阅", default);

        Assert.Equal(SettingsSaveOutcome.Saved, first.Outcome);
        Assert.Equal((SettingsSaveOutcome.Conflict, 1, "王主任"), (stale.Outcome, stale.Version, stale.UpdatedBy));
        Assert.Equal((SettingsSaveOutcome.Saved, 2), (retry.Outcome, retry.Version));
        Assert.Equal((SettingsSaveOutcome.Unchanged, 2), (same.Outcome, same.Version));
        var now = (await settings.StoredAsync(default))!;
        Assert.Contains(now.Catalog().Disabled, r => r.Code == "T1");
        Assert.Equal(2, (await AuditAsync(store)).Count);
    }

    [Fact]
    public async Task Save_TwoEditorsAtOnce_OneWinsAndTheOtherGetsAConflict()
    {
        var store = await OpenAsync(DatabaseProvider.PostgreSQL);
        var settings = Settings(store);

        var results = await Task.WhenAll(
            settings.SaveAsync([new SettingChange("T1", "Enabled", "false")], 0, RulesFile, "甲", default),
            settings.SaveAsync([new SettingChange("T2", "Enabled", "false")], 0, RulesFile, "乙", default));

        Assert.Equal([SettingsSaveOutcome.Saved, SettingsSaveOutcome.Conflict], results.Select(r => r.Outcome).Order());
        Assert.Equal(1, (await settings.StoredAsync(default))!.Version);
        Assert.Single(await AuditAsync(store));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Restore_PutsBackTheRulesFile_AsANewVersion_AuditedAsARestore_AndTheNextAnalysisUsesIt(
        DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        await TestStores.IngestAndAnalyseAsync(store, [TestData.ReferencePath]);
        var settings = Settings(store);
        await settings.SaveAsync(
            [new SettingChange("T1", "Enabled", "false"), new SettingChange("S5", "ExtraTolerancePp", "0.02")],
            0, RulesFile, "王主任", default);

        var oneRule = await settings.RestoreAsync("S5", 1, RulesFile, "李管理", default);
        var preview = await settings.PreviewRestoreAsync(null, RulesFile, default);
        var stale = await settings.RestoreAsync(null, 1, RulesFile, "李管理", default);
        var all = await settings.RestoreAsync(null, 2, RulesFile, "李管理", default);
        var nothing = await settings.RestoreAsync(null, 3, RulesFile, "李管理", default);
        var now = await settings.EffectiveAsync(RulesFile, default);
        var job = await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System).RunAsync(now.Catalog(), default);

        Assert.Equal((SettingsSaveOutcome.Saved, 2), (oneRule.Outcome, oneRule.Version));
        Assert.Equal(["S5.ExtraTolerancePp"], oneRule.Changes.Select(c => $"{c.Code}.{c.Key}"));
        Assert.Equal(["T1.Enabled"], preview.Changes.Select(c => $"{c.Code}.{c.Key}"));
        Assert.Null(preview.Error);
        Assert.Equal((SettingsSaveOutcome.Conflict, 2, "李管理"), (stale.Outcome, stale.Version, stale.UpdatedBy));
        Assert.Equal((SettingsSaveOutcome.Saved, 3), (all.Outcome, all.Version));
        Assert.Equal((SettingsSaveOutcome.Unchanged, 3), (nothing.Outcome, nothing.Version));
        Assert.True(now.FromStore); // a new version, not back to version 0
        Assert.Equal(RuleCatalog.FromFile(RulesFile).SettingsHash, now.Catalog().SettingsHash);
        Assert.Equal(now.Catalog().SettingsHash, job.Result.SettingsHash);
        Assert.Contains(job.Result.Findings, f => f.Rule.Code == "T1");
        var audits = (await AuditAsync(store)).OrderBy(a => a.Id).ToList();
        Assert.Equal(3, audits.Count);
        Assert.Equal(("restore: rules S5", "restore: rules T1"), (audits[1].Target, audits[2].Target));
        Assert.StartsWith("restored rule S5 to the rules file rules.json: rule settings version 2 (from version 1)", audits[1].Summary, StringComparison.Ordinal);
        Assert.StartsWith("restored all rules to the rules file rules.json: rule settings version 3 (from version 2)", audits[2].Summary, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"T1.Enabled":false}"""), JsonNode.Parse(audits[2].Before!)), audits[2].Before);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"T1.Enabled":true}"""), JsonNode.Parse(audits[2].After!)), audits[2].After);
    }

    [Fact]
    public async Task Restore_RulesFileThatDoesNotBind_IsRefusedNamingTheFile_AndNothingIsStored()
    {
        var store = await OpenAsync(DatabaseProvider.Sqlite);
        var settings = Settings(store);
        await settings.SaveAsync([new SettingChange("T1", "Enabled", "false")], 0, RulesFile, "王主任", default);
        var broken = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(broken, """{ "Rules": { "S5": { "Tolerance": 1 } } }""");
        try
        {
            var result = await settings.RestoreAsync(null, 1, broken, "王主任", default);
            var preview = await settings.PreviewRestoreAsync("S5", broken, default);

            Assert.Equal(SettingsSaveOutcome.Invalid, result.Outcome);
            Assert.Contains($"{broken}: Rules.S5.Tolerance: unknown setting", result.Error, StringComparison.Ordinal);
            Assert.Equal(result.Error, preview.Error);
            Assert.Equal(1, (await settings.StoredAsync(default))!.Version);
            Assert.Single(await AuditAsync(store));
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
