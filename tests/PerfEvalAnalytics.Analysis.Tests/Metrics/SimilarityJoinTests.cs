using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class SimilarityJoinTests
{
    [Theory]
    [InlineData("因采购延期，进度放缓", "因采购延期进度放缓")]
    [InlineData("ab", "abc")]
    [InlineData("全年完成82.68%，低于年度指标值", "全年完成82.69%，低于年度指标值")]
    [InlineData("", "任何文字")]
    public void Jaccard_OfCodes_EqualsStringSetJaccard(string a, string b) =>
        Assert.Equal(Indicators.TrigramJaccard(a, b),
            TrigramSets.Jaccard(TrigramSets.Of(Indicators.NormalizeText(a)), TrigramSets.Of(Indicators.NormalizeText(b))));

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.7)]
    [InlineData(0.5)]
    public void Pairs_FindEveryPairAtThreshold_AsAllPairsComparisonDoes(double threshold)
    {
        // Texts from a small vocabulary with shared phrases and near copies: many pairs are close to the threshold.
        var random = new Random(7);
        string[] words = ["采购延期", "人员调整", "进度放缓", "年末集中", "今后加强监管", "优化计划", "全年完成", "低于指标"];
        var texts = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(2, 7)).Select(_ => words[random.Next(words.Length)]))
                + random.Next(0, 40);
            texts.Add(text);
            if (random.Next(4) == 0)
            {
                texts.Add(text + random.Next(10)); // a near copy
            }
        }

        var sets = texts.Select(t => TrigramSets.Of(Indicators.NormalizeText(t))).ToList();
        var expected = new HashSet<(int, int, double)>();
        for (var i = 0; i < texts.Count; i++)
        {
            for (var k = i + 1; k < texts.Count; k++)
            {
                var j = Indicators.TrigramJaccard(texts[i], texts[k]);
                if (j >= threshold)
                {
                    expected.Add((i, k, j));
                }
            }
        }

        var found = SimilarityJoin.Pairs(sets, threshold).ToList();
        // Sets made on demand (not kept): the same pairs in the same order, each set asked for twice.
        var asked = new int[texts.Count];
        var onDemand = SimilarityJoin.Pairs(texts.Count, i =>
        {
            asked[i]++;
            return TrigramSets.Of(Indicators.NormalizeText(texts[i]));
        }, threshold).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(found.Count, found.Distinct().Count());
        Assert.Equal(expected.OrderBy(p => p), found.Select(p => (p.I, p.K, p.Jaccard)).OrderBy(p => p));
        Assert.Equal(found, onDemand);
        Assert.All(asked, n => Assert.Equal(2, n));
    }
}
