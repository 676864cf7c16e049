using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Dashboard.Components.Shared;
using PerfEvalAnalytics.Dashboard.Localization;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>Components and helpers with logic of their own.</summary>
public sealed partial class ComponentTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    public ComponentTests()
    {
        _ctx.Services.AddSingleton<UiText>();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public void SimplePager_OnePageOnly_RendersNothing()
    {
        var cut = _ctx.Render<SimplePager>(p => p.Add(x => x.Total, 5).Add(x => x.Size, 20));

        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void SimplePager_Next_RaisesSkipOfNextPage()
    {
        var skip = -1;
        var cut = _ctx.Render<SimplePager>(p => p.Add(x => x.Total, 45).Add(x => x.Size, 20).Add(x => x.Skip, 20)
            .Add(x => x.SkipChanged, s => skip = s));

        cut.FindAll("button")[1].Click();

        Assert.Equal(40, skip);
        Assert.Contains("21–40 / 45", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void SimplePager_LastPage_DisablesNext()
    {
        var cut = _ctx.Render<SimplePager>(p => p.Add(x => x.Total, 45).Add(x => x.Size, 20).Add(x => x.Skip, 40));

        Assert.True(cut.FindAll("button")[1].HasAttribute("disabled"));
        Assert.False(cut.FindAll("button")[0].HasAttribute("disabled"));
    }

    [Fact]
    public void SeverityBadge_High_ShowsChineseLabelAndClass()
    {
        var cut = _ctx.Render<SeverityBadge>(p => p.Add(x => x.Value, Severity.High));

        cut.MarkupMatches("<span class=\"sev High\">高</span>");
    }

    [Fact]
    public void EvidenceList_Values_FormattedInvariantWithoutTrailingZeros()
    {
        var cut = _ctx.Render<EvidenceList>(p => p.Add(x => x.Values,
            new Dictionary<string, double> { ["A"] = 100, ["rate"] = 0.98765432 }));

        Assert.Equal("A = 100  rate = 0.987654", cut.Find(".ev").TextContent);
    }

    [Fact]
    public void FilterQueryString_RoundTrip_KeepsEveryPart()
    {
        var filter = new FindingFilter("S5", Severity.Medium, "虹桥 镇", 2024, FormKind.Project, ReviewStatus.FollowUp,
            "执行率");

        var text = FindingFilterQueryString.Format(filter);
        var parsed = FindingFilterQueryString.Parse(text.Split('&').Select(p => p.Split('=')).ToDictionary(
            p => p[0], p => new Microsoft.Extensions.Primitives.StringValues(Uri.UnescapeDataString(p[1]))));

        Assert.Equal(filter, parsed);
    }

    [Fact]
    public void FilterQueryString_Garbage_IsIgnored()
    {
        var parsed = FindingFilterQueryString.Parse(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["severity"] = "Extreme", ["year"] = "20x4", ["kind"] = "", ["q"] = "  ",
        });

        Assert.Equal(new FindingFilter(), parsed);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\forms\\2024 表.txt", "2024 表.txt")]
    [InlineData(".hidden.txt", "upload.hidden.txt")]
    [InlineData("a\u0001b.txt", "a_b.txt")]
    public void SafeName_HostileNames_StayInsideTheUploadFolder(string name, string expected) =>
        Assert.Equal(expected, ImportService.SafeName(name));

    [Fact]
    public void UiText_EveryEntry_HasChineseAndEnglish()
    {
        var missing = UiText.Table.Where(kv => string.IsNullOrWhiteSpace(kv.Value.Zh)
            || string.IsNullOrWhiteSpace(kv.Value.En)).Select(kv => kv.Key).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void UiText_EveryKeyUsedInComponents_IsInTheTable()
    {
        var folder = Path.Combine(TestData.RepoRoot, "src", "PerfEvalAnalytics.Dashboard");
        var used = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(used);
        var unknown = used.Where(k => !UiText.Table.ContainsKey(k)).ToList();
        Assert.True(unknown.Count == 0, "keys without text: " + string.Join(", ", unknown));
    }

    [GeneratedRegex("""(?:\bT|\btext)(?:\[|\.Format\()"([^"]+)"(?!\s*\+)""")]
    private static partial Regex KeyUse();
}
