using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

public class UnitAliasesTests
{
    private static readonly UnitAliases Aliases = new(new Dictionary<string, string>
    {
        ["上海市闵行区虹桥镇城市运行 管理中心（旧称）"] = "虹桥镇城运中心",
        ["市财政局"] = "鄂州市财政局",
    });

    [Fact]
    public void Apply_ListedAlias_GivesTheCanonicalNameAndKeepsTheNameAsFiled()
    {
        var form = FormReader.Read(Path.Combine(TestData.Samples, "published", "19_ezhou-czj-goumai-disanfang-fuwu_2019_xm.tsv"));

        var aliased = Aliases.Apply(form);

        Assert.Equal("鄂州市财政局", aliased.UnitName);
        Assert.Equal("市财政局", aliased.UnitNameAsFiled);
    }

    [Fact]
    public void Apply_NameOnlySimilarToAnAlias_IsNotMerged()
    {
        var form = FormReader.Read(TestData.ReferencePath);

        var similar = form with { UnitName = "上海市闵行区虹桥镇城市运行管理中心（旧）" };

        Assert.Same(form, Aliases.Apply(form));
        Assert.Same(similar, Aliases.Apply(similar));
    }

    [Fact]
    public void Apply_AliasWrittenWithSpacesOrFullWidth_Matches()
    {
        var form = FormReader.Read(TestData.ReferencePath) with { UnitName = "上海市闵行区虹桥镇城市运行管理中心(旧称)" };

        Assert.Equal("虹桥镇城运中心", Aliases.Apply(form).UnitName);
    }

    [Fact]
    public void Load_CommittedList_IsValid_AndUnknownKeysFail()
    {
        Assert.Equal(0, UnitAliases.Load(Path.Combine(TestData.RepoRoot, "data", "settings", "aliases.json")).Count);

        var bad = Path.Combine(Path.GetTempPath(), $"aliases-{Guid.NewGuid():N}.json");
        File.WriteAllText(bad, """{ "Alias": { "a": "b" } }""");
        try
        {
            var ex = Assert.Throws<FormParseException>(() => UnitAliases.Load(bad));
            Assert.Contains("bad alias list", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void New_SameAliasForTwoUnits_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new UnitAliases(new Dictionary<string, string>
        {
            ["甲单位"] = "甲", ["甲 单位"] = "乙",
        }));
}
