using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>The overview's review queue: High, then Medium findings, then ML1's outlier score, then Low.</summary>
[Collection(PostgresTests.Name)]
public sealed class ReviewQueueTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task ReviewQueue_WithinEqualHighAndMedium_OrdersByOutlierScore(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        await TestStores.IngestAndAnalyseAsync(store, TestStores.District2024AndReference());

        var queue = (await new OverviewQuery(store.Factory).ReviewQueueAsync(0, 10_000, default)).Items;

        Assert.Contains(queue, q => q.OutlierScore is not null);
        for (var i = 1; i < queue.Count; i++)
        {
            var (a, b) = (queue[i - 1], queue[i]);
            var key = (a.High, a.Medium).CompareTo((b.High, b.Medium));
            Assert.True(key >= 0, $"{a.FormId} before {b.FormId}: High/Medium out of order");
            if (key == 0)
            {
                // Flagged forms first, higher scores first; unflagged forms by their Low findings.
                var (sa, sb) = (a.OutlierScore ?? double.MinValue, b.OutlierScore ?? double.MinValue);
                Assert.True(sa >= sb, $"{a.FormId} ({a.OutlierScore}) before {b.FormId} ({b.OutlierScore})");
                if (sa == sb)
                {
                    Assert.True(a.Low >= b.Low, $"{a.FormId} before {b.FormId}: Low out of order");
                }
            }
        }
    }
}
