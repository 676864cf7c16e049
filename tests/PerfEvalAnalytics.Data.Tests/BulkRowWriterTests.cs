using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Tests;

public class BulkRowWriterTests
{
    [Fact]
    public async Task Write_RowsReadBackThroughEfWithTheSameValues()
    {
        await using var t = await TempDatabase.CreateAsync();
        await using var db = await t.Factory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var unit = db.Units.Add(new UnitEntity { Name = "示例单位", NormalizedName = "示例单位" }).Entity;
        var form = db.Forms.Add(new FormEntity
        {
            Unit = unit, ProjectName = "", UnitNameAsFiled = "示例单位", FileName = "x", FileSha256 = new string('a', 64),
            ContentSha256 = new string('b', 64), Encoding = "utf-8", Year = 2024,
        }).Entity;
        await db.SaveChangesAsync();
        var rows = Enumerable.Range(0, 3).Select(i => new IndicatorRowEntity
        {
            FormId = form.Id, Ordinal = i, Level1 = "产出指标", Level1Basis = Level1Basis.Framework, TargetRaw = "≥85%",
            TargetOp = ComparisonOperator.GreaterOrEqual, TargetValue = 85m + i, TargetKind = ValueKind.Percent,
            ActualRaw = "", ActualKind = ValueKind.Empty, Points = 0.50m, Score = null, Line = 10 + i,
        }).ToList();

        await new PreparedInsertBulkRowWriter().WriteAsync(db, rows, default);
        await tx.CommitAsync();

        await using var read = await t.Factory.CreateDbContextAsync();
        var back = await read.IndicatorRows.AsNoTracking().OrderBy(r => r.Ordinal).ToListAsync();
        Assert.Equal(rows.Select(r => (r.TargetValue, r.TargetOp, r.Level1Basis, r.Score, r.Line)),
            back.Select(r => (r.TargetValue, r.TargetOp, r.Level1Basis, r.Score, r.Line)));
    }

    [Fact]
    public async Task Write_OutsideATransaction_IsRefused()
    {
        await using var t = await TempDatabase.CreateAsync();
        await using var db = await t.Factory.CreateDbContextAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => new PreparedInsertBulkRowWriter().WriteAsync(db,
            [new FormNoteEntity { FormId = 1, Text = "x" }], default));
    }
}
