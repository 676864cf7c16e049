namespace PerfEvalAnalytics.Ingestion.Tests;

public class GridRowTests
{
    [Fact]
    public void Keys_AreTheCellsAsLabelsCompare_OncePerRow()
    {
        var row = new GridRow(7, ["绩 效\n指 标", "ＡＢ", string.Empty]);

        Assert.Equal(["绩效指标", "AB", string.Empty], row.Keys);
        Assert.Same(row.Keys, row.Keys);
        Assert.Equal("AB", row.KeyAt(1));
        Assert.Equal(string.Empty, row.KeyAt(3));
        Assert.Equal(string.Empty, row.KeyAt(-1));
    }

    [Fact]
    public void EqualityAndCopies_IgnoreTheComputedKeys()
    {
        string[] cells = ["一级指标", "三级指标"];
        var asked = new GridRow(3, cells);
        var notAsked = new GridRow(3, cells);
        _ = asked.Keys;

        Assert.Equal(notAsked, asked);
        Assert.Equal(notAsked.GetHashCode(), asked.GetHashCode());
        var longer = asked with { Cells = ["一级指标", "三级指标", "年度 指标值"] };
        Assert.Equal("年度指标值", longer.KeyAt(2));
        Assert.Equal(3, longer.Keys.Count);
    }
}
