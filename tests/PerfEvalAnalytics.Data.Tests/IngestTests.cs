using System.Text;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

public class IngestTests
{
    [Fact]
    public async Task Ingest_Reference_StoresEveryRowWithProvenance()
    {
        await using var t = await TempDatabase.CreateAsync();

        var results = await t.IngestAsync(TestData.ReferencePath);

        Assert.Equal([StoreOutcome.Added], StoreOutcomes.Of(results));
        Assert.Equal((1, 1, 4, 62, 2), await t.CountsAsync());
        await using var db = await t.Factory.CreateDbContextAsync();
        var form = await db.Forms.Include(f => f.Unit).SingleAsync();
        Assert.Equal(("上海市闵行区虹桥镇城市运行管理中心", 2024, FormKind.DepartmentOverall, 99.99m, 100m),
            (form.Unit!.Name, form.Year, form.Kind, form.TotalScore!.Value, form.TotalPoints!.Value));
        Assert.Equal(TestData.ReferenceFileName, form.FileName);
        Assert.Equal(64, form.FileSha256.Length);
        var pda = await db.IndicatorRows.SingleAsync(r => r.Line == 34);
        Assert.Equal(("PDA通信服务设备租赁数", "=331.00(部)", ComparisonOperator.Equal, 331m, "274.00(部)", 0.49m),
            (pda.Name, pda.TargetRaw, pda.TargetOp, pda.TargetValue!.Value, pda.ActualRaw, pda.Score!.Value));
        var lines = await db.IndicatorRows.OrderBy(r => r.Ordinal).Select(r => r.Line).ToListAsync();
        Assert.Equal(TestData.ReferenceLines().Select((_, i) => i + 1).Where(l => l is >= 15 and <= 77 and not 40),
            lines);
    }

    [Fact]
    public async Task Ingest_SameFilesTwice_ReportsUnchangedAndLeavesContentIdentical()
    {
        await using var t = await TempDatabase.CreateAsync();
        string[] files = [TestData.ReferencePath, TestData.ExamplePath];
        await t.IngestAsync(files);
        var before = await t.DumpAsync();

        var second = await t.IngestAsync(files);

        Assert.Equal([StoreOutcome.Unchanged, StoreOutcome.Unchanged], StoreOutcomes.Of(second));
        Assert.All(second, r => Assert.Contains("same file already stored", r.Detail, StringComparison.Ordinal));
        Assert.Equal(before, await t.DumpAsync());
        Assert.Equal((2, 2, 8, 74, 3), await t.CountsAsync());
    }

    [Fact]
    public async Task Ingest_SameFormInOtherEncodingOrLineEndings_IsUnchangedNotADuplicate()
    {
        await using var t = await TempDatabase.CreateAsync();
        await t.IngestAsync(TestData.ReferencePath);
        var before = await t.DumpAsync();

        var results = await t.IngestAsync(TestData.GbkPath, TestData.CrlfBomPath);

        Assert.Equal([StoreOutcome.Unchanged, StoreOutcome.Unchanged], StoreOutcomes.Of(results));
        Assert.All(results, r => Assert.Contains("same form content", r.Detail, StringComparison.Ordinal));
        Assert.Equal(before, await t.DumpAsync());
    }

    /// <summary>A store filled before session 23 (2026-12-01) holds the JSON fingerprint
    /// (<see cref="FormFingerprint.Legacy"/>): the same content from another file is still unchanged, in a batch and
    /// alone; changed content still replaces it.</summary>
    [Fact]
    public async Task Ingest_FormStoredWithTheEarlierFingerprint_SameContentUnchangedChangedReplaced()
    {
        await using var t = await TempDatabase.CreateAsync();
        await t.IngestAsync(TestData.ReferencePath);
        var legacy = FormFingerprint.Legacy(Ingestion.FormReader.Read(TestData.ReferencePath));
        await using (var db = await t.Factory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Forms.ExecuteUpdateAsync(s => s.SetProperty(f => f.ContentSha256, legacy)));
        }

        var before = await t.DumpAsync();
        var batch = await t.IngestAsync(TestData.GbkPath, TestData.CrlfBomPath);
        var store = new FormStore(t.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System);
        var alone = await store.StoreAsync(Ingestion.FormReader.Read(TestData.GbkPath), default);

        Assert.Equal([StoreOutcome.Unchanged, StoreOutcome.Unchanged], StoreOutcomes.Of(batch));
        Assert.Equal(StoreOutcome.Unchanged, alone.Outcome);
        Assert.Equal(before, await t.DumpAsync());
        var corrected = TestData.ReferenceWith(34, l => l.Replace("\t0.49\t", "\t0.41\t", StringComparison.Ordinal));
        var replaced = await t.IngestAsync(t.WriteFile("corrected.txt", Encoding.UTF8.GetBytes(corrected)));
        Assert.Equal([StoreOutcome.Replaced], StoreOutcomes.Of(replaced));
    }

    [Fact]
    public async Task Ingest_ChangedFileForSameUnitYearKind_ReplacesTheFormAtomically()
    {
        await using var t = await TempDatabase.CreateAsync();
        await t.IngestAsync(TestData.ReferencePath);
        var corrected = TestData.ReferenceWith(34, l => l.Replace("\t0.49\t", "\t0.41\t", StringComparison.Ordinal));
        corrected = string.Join('\n', corrected.Split('\n').Select((l, i) => i == 77 ? l.Replace("99.99", "99.91", StringComparison.Ordinal) : l));
        var path = t.WriteFile("corrected.txt", Encoding.UTF8.GetBytes(corrected));

        var results = await t.IngestAsync(path);

        var result = Assert.Single(results);
        Assert.Equal(StoreOutcome.Replaced, result.Outcome);
        Assert.Contains(TestData.ReferenceFileName, result.Detail, StringComparison.Ordinal);
        Assert.Equal((1, 1, 4, 62, 2), await t.CountsAsync());
        await using var db = await t.Factory.CreateDbContextAsync();
        var form = await db.Forms.SingleAsync();
        Assert.Equal(("corrected.txt", 99.91m), (form.FileName, form.TotalScore!.Value));
        Assert.Equal(0.41m, (await db.IndicatorRows.SingleAsync(r => r.Line == 34)).Score);
        Assert.Equal(form.Id, await db.IndicatorRows.Select(r => r.FormId).Distinct().SingleAsync());
    }

    [Fact]
    public async Task Ingest_UnitNameInFullWidthOrWithSpaces_IsTheSameUnit()
    {
        await using var t = await TempDatabase.CreateAsync();
        var variant = TestData.ReferenceWith(5, l => l.Replace("上海市闵行区虹桥镇城市运行管理中心", "上海市闵行区 虹桥镇城市运行管理中心", StringComparison.Ordinal))
            .Replace("（2024年度）", "（2023年度）", StringComparison.Ordinal);

        await t.IngestAsync(TestData.ReferencePath, t.WriteFile("2023.txt", Encoding.UTF8.GetBytes(variant)));

        var counts = await t.CountsAsync();
        Assert.Equal((1, 2), (counts.Units, counts.Forms));
    }

    [Fact]
    public async Task StoreMany_OneBatch_SeesItsOwnForms_SameFileUnchanged_CorrectionReplaces()
    {
        await using var t = await TempDatabase.CreateAsync();
        var store = new FormStore(t.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System);
        var corrected = TestData.ReferenceWith(34, l => l.Replace("\t0.49\t", "\t0.41\t", StringComparison.Ordinal));
        EvaluationForm[] forms =
        [
            Ingestion.FormReader.Read(TestData.ReferencePath), Ingestion.FormReader.Read(TestData.ExamplePath),
            Ingestion.FormReader.Read(TestData.ReferencePath),
            Ingestion.FormReader.Read(t.WriteFile("corrected.txt", Encoding.UTF8.GetBytes(corrected))),
        ];

        var attempts = await store.StoreManyAsync(forms, default);

        Assert.All(attempts, a => Assert.Null(a.Error));
        Assert.Equal([StoreOutcome.Added, StoreOutcome.Added, StoreOutcome.Unchanged, StoreOutcome.Replaced],
            attempts.Select(a => a.Result!.Outcome));
        Assert.Equal((2, 2, 8, 74, 3), await t.CountsAsync());
        await using var db = await t.Factory.CreateDbContextAsync();
        var reference = await db.Forms.SingleAsync(f => f.FileName == "corrected.txt");
        Assert.Equal(attempts[3].Result!.FormId, reference.Id);
        Assert.Equal(0.41m, (await db.IndicatorRows.SingleAsync(r => r.Line == 34 && r.FormId == reference.Id)).Score);
    }

    [Fact]
    public async Task StoreMany_ReplacedFormsFileAgainInTheSameBatch_IsNotTakenAsStored()
    {
        await using var t = await TempDatabase.CreateAsync();
        var store = new FormStore(t.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System);
        await store.StoreManyAsync([Ingestion.FormReader.Read(TestData.ReferencePath)], default);
        var corrected = TestData.ReferenceWith(34, l => l.Replace("\t0.49\t", "\t0.41\t", StringComparison.Ordinal));
        EvaluationForm[] forms =
        [
            Ingestion.FormReader.Read(t.WriteFile("corrected.txt", Encoding.UTF8.GetBytes(corrected))),
            Ingestion.FormReader.Read(TestData.ReferencePath), Ingestion.FormReader.Read(TestData.ExamplePath),
        ];

        var attempts = await store.StoreManyAsync(forms, default);

        // The original file's form was deleted by the correction, so the original file replaces the correction again.
        Assert.Equal([StoreOutcome.Replaced, StoreOutcome.Replaced, StoreOutcome.Added], attempts.Select(a => a.Result!.Outcome));
        Assert.Contains("corrected.txt", attempts[1].Result!.Detail, StringComparison.Ordinal);
        Assert.Equal((2, 2, 8, 74, 3), await t.CountsAsync());
        await using var db = await t.Factory.CreateDbContextAsync();
        Assert.Equal(0.49m, (await db.IndicatorRows.SingleAsync(r => r.Line == 34 && r.FormId == attempts[1].Result!.FormId)).Score);
    }

    [Fact]
    public async Task StoreMany_FormTheDatabaseRefuses_WritesNothingForIt_AndTheRestOfTheBatchGoesIn()
    {
        await using var t = await TempDatabase.CreateAsync();
        await using (var db = await t.Factory.CreateDbContextAsync())
        {
            // A real refusal by the database for one row of the reference form only.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse BEFORE INSERT ON indicator_rows WHEN NEW.Name = 'PDA通信服务设备租赁数' "
                + "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END");
        }

        var store = new FormStore(t.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System);
        EvaluationForm[] forms = [Ingestion.FormReader.Read(TestData.ExamplePath), Ingestion.FormReader.Read(TestData.ReferencePath)];

        var attempts = await store.StoreManyAsync(forms, default);

        Assert.Equal(StoreOutcome.Added, attempts[0].Result?.Outcome);
        Assert.Null(attempts[1].Result);
        Assert.Contains("refused by test trigger", attempts[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal((1, 1, 4, 12, 1), await t.CountsAsync());
    }

    public static TheoryData<string> BadCases() => [.. TestData.BadInputs().Select(b => b.Case)];

    [Theory]
    [MemberData(nameof(BadCases))]
    public async Task Ingest_BadFileInBatch_FailsWithMessage_WritesNothingForIt_AndTheRestGoesIn(string badCase)
    {
        var bad = TestData.BadInputs().Single(b => b.Case == badCase);
        await using var t = await TempDatabase.CreateAsync();
        var badPath = t.WriteFile(bad.FileName, bad.Bytes);

        var results = await t.IngestAsync(badPath, TestData.ExamplePath);

        Assert.Equal([null, StoreOutcome.Added], StoreOutcomes.Of(results));
        Assert.Contains(bad.ExpectedMessage, results[0].Detail, StringComparison.Ordinal);
        Assert.StartsWith(bad.FileName + ":", results[0].Detail, StringComparison.Ordinal);
        Assert.Equal((1, 1, 4, 12, 1), await t.CountsAsync());
    }

    [Fact]
    public async Task Migrations_MatchTheModel()
    {
        await using var t = await TempDatabase.CreateAsync();
        await using var db = await t.Factory.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
    }
}
