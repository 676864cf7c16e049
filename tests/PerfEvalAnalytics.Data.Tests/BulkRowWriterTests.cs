using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PerfEvalAnalytics.Analysis;
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

    /// <summary>
    /// The writer binds values by position on the native statement; every column of every entity it writes must be
    /// stored exactly as a Microsoft.Data.Sqlite parameter made by the EF type mapping would store it (the way rows
    /// were written before): same storage class, same text, same number. Nulls, empty texts, decimals with trailing
    /// zeros, negative and large amounts, enums, booleans, reals and timestamps with and without fractions.
    /// </summary>
    [Fact]
    public async Task Write_StoresEveryColumnAsAnEfParameterWould()
    {
        await using var t = await TempDatabase.CreateAsync();
        await using var db = await t.Factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        // The rows reference nothing real: only their stored values are compared.
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys=OFF;");
        await using var tx = await db.Database.BeginTransactionAsync();
        var writer = new PreparedInsertBulkRowWriter();
        var report = new StringBuilder();

        await CompareAsync(db, writer, report,
            new UnitEntity { Id = 3, Name = "示例单位 A", NormalizedName = "示例单位a" },
            new UnitEntity { Id = 9, Name = "", NormalizedName = "x" });
        await CompareAsync(db, writer, report,
            new FormEntity
            {
                Id = 5, UnitId = 3, Year = 2024, Kind = FormKind.Project, ProjectName = "", UnitNameAsFiled = "示例单位",
                AmountUnit = "万元", GoalPlanned = "计划\n第二行", GoalLine = 4, TotalPoints = 100.00m, TotalScore = 92.5m,
                TotalLine = 40, Grade = "优", IsIncomplete = true, IncompleteReason = "止于第 3 页", IndicatorCount = 2,
                FileName = "a.txt", FileSha256 = new string('a', 64), ContentSha256 = new string('b', 64),
                Encoding = "gb18030", SourcePart = "Sheet1",
                IngestedAtUtc = new DateTime(2026, 11, 30, 10, 22, 55, DateTimeKind.Utc).AddTicks(9486056),
            },
            new FormEntity
            {
                Id = 6, UnitId = 3, Year = 2021, ProjectName = "项目", UnitNameAsFiled = "示例单位", FileName = "b.txt",
                FileSha256 = new string('c', 64), ContentSha256 = new string('d', 64), Encoding = "utf-8",
                IngestedAtUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            });
        await CompareAsync(db, writer, report,
            new IndicatorRowEntity
            {
                FormId = 5, Ordinal = 0, Level1 = "产出指标", Level1Weight = 30.0m, Level1Basis = Level1Basis.Framework,
                Level2 = "数量指标", Name = "完成率", NameAsFiled = "指标1：完成率", TargetRaw = "≥85.00%",
                TargetOp = ComparisonOperator.GreaterOrEqual, TargetValue = 85.00m, TargetUnit = "%",
                TargetKind = ValueKind.Percent, ActualRaw = "-1,234,567.8900万元", ActualValue = -1234567.8900m,
                ActualUnit = "万元", ActualKind = ValueKind.Numeric, Points = 0.50m, Score = 0m,
                Explanation = "原因：受疫情影响 \"延期\"", Line = 12,
            },
            new IndicatorRowEntity { FormId = 5, Ordinal = 1, Level1 = "", TargetRaw = "", ActualRaw = "", Explanation = "", Line = 0 });
        await CompareAsync(db, writer, report,
            new BudgetLineEntity
            {
                FormId = 5, Ordinal = 0, GroupLabel = "资金来源", Category = "财政拨款", RawLabel = "（1）财政拨款",
                InitialBudget = 41523362.88m, AnnualBudget = 0.000001m, Executed = 79228162514264337593543950335m,
                ReportedRate = 96.90m, Line = 7,
            },
            new BudgetLineEntity { FormId = 5, Ordinal = 1, Category = "", RawLabel = "x", Line = 8 });
        await CompareAsync(db, writer, report,
            new FormNoteEntity { FormId = 5, Ordinal = 0, Kind = NoteKind.Remark, Text = "沪财绩〔2024〕1号", Line = 3 });
        await CompareAsync(db, writer, report,
            new FindingEntity
            {
                RunId = 1, FormId = 5, Key = "k", RuleCode = "S5", RuleTitle = "执行率", RuleTitleEn = "Rate",
                Family = "S", Severity = Severity.High, UnitName = "示例单位", Year = 2024, Kind = FormKind.Project,
                ProjectName = "", Line = 7, Indicator = "完成率", Message = "消息", MessageEn = "message",
                OutlierScore = 0.1, EvidenceJson = "{}",
            },
            new FindingEntity
            {
                RunId = 1, FormId = 6, Key = "", RuleCode = "L5", RuleTitle = "", RuleTitleEn = "", Family = "",
                UnitName = "", ProjectName = "", Message = "", MessageEn = "", OutlierScore = -1e300, EvidenceJson = "",
            });
        await CompareAsync(db, writer, report,
            new FormMetricsEntity { FormId = 5, Year = 2024, Kind = FormKind.Project, District = "示例区", ExecutionRate = 0.969, Findings = 2 },
            new FormMetricsEntity { FormId = 6, Year = 2021, District = "" });

        Assert.Equal(string.Empty, report.ToString());
    }

    /// <summary>Writes the rows into their empty table, then compares each stored value with the same value bound
    /// as an EF-mapped Microsoft.Data.Sqlite parameter; differences go to <paramref name="report"/>.</summary>
    private static async Task CompareAsync<T>(PerfEvalDbContext db, PreparedInsertBulkRowWriter writer,
        StringBuilder report, params T[] rows)
        where T : class
    {
        await writer.WriteAsync(db, rows, default);
        var table = BulkTable.Of(db, typeof(T));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        await using var stored = connection.CreateCommand();
        stored.Transaction = transaction;
        stored.CommandText = "SELECT " + string.Join(", ", table.Columns.Select(c => $"typeof({c.QuotedName}), quote({c.QuotedName})"))
            + $" FROM {table.QuotedName} ORDER BY rowid";
        await using var reader = await stored.ExecuteReaderAsync();
        foreach (var row in rows)
        {
            Assert.True(await reader.ReadAsync(), $"{typeof(T).Name}: a row is missing");
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                var expected = await ParameterAsync(connection, transaction, column, row);
                var actual = reader.GetString(2 * i) + " " + reader.GetString((2 * i) + 1);
                if (expected != actual)
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"{typeof(T).Name}.{column.Property.Name}: stored {actual}, parameter {expected}");
                }
            }
        }

        Assert.False(await reader.ReadAsync(), $"{typeof(T).Name}: more rows than written");
    }

    private static async Task<string> ParameterAsync(DbConnection connection, DbTransaction transaction, BulkColumn column,
        object row)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT typeof(@p) || ' ' || quote(@p)";
        // As the writer bound it before: a parameter from the type mapping, given the converted value.
        var parameter = column.Mapping.CreateParameter(command, "@p", null, nullable: true);
        parameter.Value = column.ProviderValue(row) ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
