using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class StringPoolTests
{
    [Fact]
    public void Share_EqualShortTexts_GiveTheFirstInstance()
    {
        var pool = new StringPool();
        var first = new string("服务对象满意度".AsSpan());
        var second = new string("服务对象满意度".AsSpan());
        Assert.NotSame(first, second);

        Assert.Same(first, pool.Share(first));
        Assert.Same(first, pool.Share(second));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Share_LongTextsAndNull_PassThroughUnkept()
    {
        var pool = new StringPool();
        var longText = new string('延', StringPool.MaxLength + 1);
        var copy = new string(longText.AsSpan());

        Assert.Same(longText, pool.Share(longText));
        Assert.Same(copy, pool.Share(copy)); // not pooled: each caller keeps its own
        Assert.Null(pool.Share(null));
        Assert.Equal(0, pool.Count);

        var atLimit = new string('率', StringPool.MaxLength);
        Assert.Same(atLimit, pool.Share(atLimit));
        Assert.Same(atLimit, pool.Share(new string(atLimit.AsSpan())));
    }
}
