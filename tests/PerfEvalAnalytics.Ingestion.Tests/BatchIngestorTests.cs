using System.Collections.Concurrent;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

public sealed class BatchIngestorTests
{
    /// <summary>A sink that keeps what it is handed: the forms prepared (on whichever thread) and the batches stored.</summary>
    private sealed class RecordingSink : IFormSink
    {
        public ConcurrentBag<string> Prepared { get; } = [];

        public List<string> Stored { get; } = [];

        public void Prepare(EvaluationForm form) => Prepared.Add(form.Source.FileName);

        public Task<StoreResult> StoreAsync(EvaluationForm form, CancellationToken cancellationToken)
        {
            Stored.Add(form.Source.FileName);
            return Task.FromResult(new StoreResult(StoreOutcome.Added, Stored.Count, null));
        }
    }

    [Fact]
    public async Task IngestAsync_FilesParsedSideBySide_ResultsAndStoresComeInFileOrder()
    {
        // Generated forms with an unreadable file every 17th: many more files than are parsed at once (two per core),
        // so the order must survive the side-by-side parsing.
        using var folder = new TempFolder("ingestor-test-");
        var generated = Generated().Take(Math.Max(120, 8 * Environment.ProcessorCount)).ToList();
        var files = new List<string>();
        for (var i = 0; i < generated.Count; i++)
        {
            if (i % 17 == 5)
            {
                var bad = Path.Combine(folder.Path, $"bad-{i:000}.txt");
                await File.WriteAllTextAsync(bad, "这不是一张自评表\t\n第二行\t\n");
                files.Add(bad);
            }

            files.Add(generated[i]);
        }

        var sink = new RecordingSink();
        var results = new List<FileIngestResult>();
        await foreach (var result in new BatchIngestor(sink).IngestAsync(files, CancellationToken.None))
        {
            results.Add(result);
        }

        Assert.Equal(files, results.Select(r => r.Path));
        Assert.All(results.Where(r => Path.GetFileName(r.Path).StartsWith("bad-", StringComparison.Ordinal)),
            r => Assert.True(r.Failed));
        Assert.Equal(generated.Count, results.Count(r => !r.Failed));
        Assert.Equal(generated.Select(Path.GetFileName), sink.Stored);
        Assert.Equal(sink.Stored.Order(StringComparer.Ordinal), sink.Prepared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IngestAsync_TheListOfFilesFails_TheFilesBeforeItGoInFirst()
    {
        var generated = Generated().Take(10).ToList();
        IEnumerable<string> Failing()
        {
            foreach (var file in generated)
            {
                yield return file;
            }

            throw new IOException("folder unreadable");
        }

        var sink = new RecordingSink();
        var results = new List<FileIngestResult>();
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var result in new BatchIngestor(sink).IngestAsync(Failing(), CancellationToken.None))
            {
                results.Add(result);
            }
        });

        Assert.Equal("folder unreadable", error.Message);
        Assert.Equal(generated, results.Select(r => r.Path));
        Assert.Equal(generated.Select(Path.GetFileName), sink.Stored);
    }

    private static IEnumerable<string> Generated() =>
        Directory.GetFiles(Path.Combine(TestData.RepoRoot, "data", "generated"), "*.txt").Order(StringComparer.Ordinal);
}
