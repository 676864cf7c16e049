using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>The dashboard's ingests apply the unit aliases file as <c>perfeval ingest</c> does.</summary>
public sealed class AliasesTests
{
    private const string AsFiled = "上海市闵行区虹桥镇城市运行管理中心";
    private const string Canonical = "上海市闵行区虹桥镇城市运行管理中心（示例合并）";

    private static IConfiguration Config(string path) => new ConfigurationBuilder()
        .AddInMemoryCollection([KeyValuePair.Create("Dashboard:AliasesFile", (string?)path)])
        .Build();

    [Fact]
    public async Task StartupIngest_StoresAnAliasedUnitUnderItsCanonicalName()
    {
        using var factory = new DashboardFactory();
        File.WriteAllText(Path.Combine(factory.Root, "data", "settings", "aliases.json"),
            $$"""{ "Aliases": { "{{AsFiled}}": "{{Canonical}}" } }""");
        using var client = factory.CreateClient();

        var contexts = factory.Services.GetRequiredService<IDbContextFactory<PerfEvalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var names = await db.Units.Select(u => u.Name).ToListAsync();

        Assert.Contains(Canonical, names);
        Assert.DoesNotContain(AsFiled, names);
    }

    [Fact]
    public void LoadAliases_NoFile_IsNoAliases_AndAFileThatDoesNotBind_RefusesTheStartNamingTheKey()
    {
        var folder = Directory.CreateTempSubdirectory("perfeval-aliases-").FullName;
        try
        {
            Assert.Equal(0, Extensions.LoadAliases(Config(Path.Combine(folder, "none.json"))).Count);

            var bad = Path.Combine(folder, "aliases.json");
            File.WriteAllText(bad, """{ "Aliasses": {} }""");
            var ex = Assert.Throws<StartupRefusedException>(() => Extensions.LoadAliases(Config(bad)));
            Assert.StartsWith("Dashboard:AliasesFile: ", ex.Message, StringComparison.Ordinal);
            Assert.Contains("aliases.json", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
