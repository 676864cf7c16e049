using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Data.Search;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>
/// SQLite's search index is written at commit from queues the triggers fill (SearchSql.SqliteQueueUp): after a store
/// commit nothing is left queued, and rows a raw connection wrote (no commit hook) are still found, exactly, until
/// someone indexes them.
/// </summary>
public sealed class SearchIndexQueueTests
{
    [Fact]
    public void Document_IsEachBigramThenTheLastCharacter_InHex()
    {
        Assert.Null(SearchTerms.Document(null));
        Assert.Null(SearchTerms.Document(string.Empty));
        Assert.Equal("0061", SearchTerms.Document("a"));
        Assert.Equal("539f56e0 56e0", SearchTerms.Document("原因"));
        // A character outside the BMP is two UTF-16 units, each a token character; ‰ is U+2030.
        Assert.Equal("d842dfb7 dfb74e0a 4e0a2030 2030", SearchTerms.Document("𠮷上‰"));
    }

    /// <summary>The SQL function (native, on UTF-8 bytes) gives what <see cref="SearchTerms.Document"/> gives for
    /// the text as stored, for every kind of text a form holds and for values that are not text.</summary>
    [Theory]
    [InlineData("a")]
    [InlineData("原因")]
    [InlineData("𠮷上‰")]
    [InlineData("受客观因素影响，部分工作推进不及预期（详见附件3）。\r\n下一步将加强统筹调度")]
    [InlineData("Mixed CASE ascii 123 ≥85%")]
    [InlineData("\ud800 a lone surrogate")]
    public void SqlFunction_EqualsDocument(string text)
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        SqliteSearchFunction.Register(c);
        using var command = c.CreateCommand();
        command.CommandText = $"SELECT $t, {SqliteSearchFunction.Name}($t), {SqliteSearchFunction.Name}(''), "
            + $"{SqliteSearchFunction.Name}(NULL), {SqliteSearchFunction.Name}(1234), {SqliteSearchFunction.Name}($long), "
            + $"{SqliteSearchFunction.Name}(CAST($t AS BLOB))";
        command.Parameters.AddWithValue("$t", text);
        var longText = string.Concat(Enumerable.Repeat(text, 5000));
        command.Parameters.AddWithValue("$long", longText);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var stored = reader.GetString(0); // a lone surrogate is stored as U+FFFD
        Assert.Equal(SearchTerms.Document(stored), reader.GetString(1));
        Assert.True(reader.IsDBNull(2));
        Assert.True(reader.IsDBNull(3));
        Assert.Equal(SearchTerms.Document("1234"), reader.GetString(4));
        Assert.Equal(SearchTerms.Document(longText.Replace('\ud800', '\ufffd')), reader.GetString(5));
        Assert.Equal(SearchTerms.Document(stored), reader.GetString(6)); // the text's bytes as a BLOB
    }

    /// <summary>The same documents from a table of a UTF-16 database (SQLite converts the text to UTF-8 for the
    /// function).</summary>
    [Fact]
    public void SqlFunction_EqualsDocument_InAUtf16Database()
    {
        string[] texts = ["原因", "𠮷上‰", "Mixed CASE ascii 123 ≥85%", "受客观因素影响，部分工作推进不及预期。"];
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        SqliteSearchFunction.Register(c);
        using var command = c.CreateCommand();
        command.CommandText = "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t (x TEXT);";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA encoding";
        Assert.Equal("UTF-16le", command.ExecuteScalar());
        command.CommandText = "INSERT INTO t (x) VALUES ($x)";
        var x = command.Parameters.Add("$x", SqliteType.Text);
        foreach (var text in texts)
        {
            x.Value = text;
            command.ExecuteNonQuery();
        }

        command.Parameters.Clear();
        command.CommandText = $"SELECT x, {SqliteSearchFunction.Name}(x) FROM t ORDER BY rowid";
        using var reader = command.ExecuteReader();
        foreach (var text in texts)
        {
            Assert.True(reader.Read());
            Assert.Equal(text, reader.GetString(0));
            Assert.Equal(SearchTerms.Document(text), reader.GetString(1));
        }

        Assert.False(reader.Read());
    }

    /// <summary>Registered once, the function is there on every later open of the connection (a new native handle),
    /// also when it is opened directly, not through EF (the bench's schema floor does).</summary>
    [Fact]
    public void SqlFunction_StaysRegisteredWhenTheConnectionIsReopened()
    {
        using var c = new SqliteConnection("Data Source=:memory:;Pooling=False");
        SqliteSearchFunction.Register(c); // closed: registered at the open
        for (var open = 0; open < 3; open++)
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = $"SELECT {SqliteSearchFunction.Name}('原因')";
            Assert.Equal(SearchTerms.Document("原因"), command.ExecuteScalar());
            c.Close();
        }
    }

    /// <summary>A store connection the caller opens itself, not through EF, has the function too (the bench's schema
    /// floor opens its connection so).</summary>
    [Fact]
    public async Task SqlFunction_IsThereWhenAStoreConnectionIsOpenedDirectly()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var path = await DatabasePathAsync(temp);
        SqliteConnection.ClearAllPools(); // a new native handle, not one the migrations registered the function on
        await using var db = new PerfEvalDbContext(PerfEvalDb.SqliteOptions(path));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSearchFunction.Name}('原因')";
        Assert.Equal(SearchTerms.Document("原因"), await command.ExecuteScalarAsync());
    }

    /// <summary>Both indexes merge 16 segments at a time (migration SearchMergeWidth), not FTS5's default 4.</summary>
    [Fact]
    public async Task Indexes_MergeSixteenSegmentsAtATime()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await using var db = await temp.Factory.CreateDbContextAsync();
        foreach (var index in new[] { SearchSql.RowsIndex, SearchSql.FindingsIndex })
        {
            var sql = $"SELECT v AS Value FROM {index}_config WHERE k = 'automerge'";
            Assert.Equal(16, await db.Database.SqlQueryRaw<int>(sql).SingleAsync());
        }
    }

    [Fact]
    public async Task StoreCommit_IndexesWhatItWrote_AndLeavesNothingQueued()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await temp.IngestAsync(TestData.ReferencePath);

        await using var db = await temp.Factory.CreateDbContextAsync();
        Assert.Equal(0, await CountAsync(db, SearchSql.RowsQueue));
        var explained = await db.IndicatorRows.CountAsync(r => r.Explanation != null && r.Explanation != "");
        Assert.True(explained > 0);
        Assert.Equal(explained, await CountAsync(db, SearchSql.RowsIndex + "_docsize"));
        var text = (await db.IndicatorRows.Where(r => r.Explanation != null && r.Explanation != "")
            .Select(r => r.Explanation!).FirstAsync())[..2];
        var expected = await db.IndicatorRows.CountAsync(r => r.Explanation != null && r.Explanation.Contains(text));
        Assert.Equal(expected, (await new ExplanationsQuery(temp.Factory).SearchAsync(text, 0, 10, default)).Total);
    }

    [Fact]
    public async Task RowsWrittenOutsideTheStore_AreFoundBeforeAndAfterIndexing_AndDeletesReachBoth()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await temp.IngestAsync(TestData.ReferencePath);
        var explanations = new ExplanationsQuery(temp.Factory);
        const string Marker = "台风停工检修";
        const string Other = "汛期道路中断";
        var path = await DatabasePathAsync(temp);

        // A raw connection (the sqlite3 shell, a bulk tool): its commit has no hook, so the rows stay queued.
        await using (var c = await OpenRawAsync(path))
        {
            await ExecAsync(c, $"""
                INSERT INTO indicator_rows (FormId, Ordinal, Level1, Level1Basis, TargetRaw, TargetOp, TargetKind,
                  ActualRaw, ActualOp, ActualKind, Explanation, Line)
                SELECT FormId, 1000 + Ordinal, Level1, Level1Basis, TargetRaw, TargetOp, TargetKind, ActualRaw, ActualOp,
                  ActualKind, CASE Ordinal % 2 WHEN 0 THEN '{Marker}' ELSE '{Other}，' || Ordinal END, Line
                FROM indicator_rows WHERE Ordinal < 4;
                """);
        }

        await using (var db = await temp.Factory.CreateDbContextAsync())
        {
            Assert.Equal(4, await CountAsync(db, SearchSql.RowsQueue));
        }

        Assert.Equal(2, (await explanations.SearchAsync(Marker, 0, 10, default)).Total);
        Assert.Equal(2, (await explanations.SearchAsync("停工", 0, 10, default)).Total);
        Assert.Equal(2, (await explanations.SearchAsync(Other, 0, 10, default)).Total);

        // Deleting a queued row takes it out of the queue; indexing the rest keeps the same answers.
        await using (var c = await OpenRawAsync(path))
        {
            await ExecAsync(c, $"DELETE FROM indicator_rows WHERE Ordinal = 1001");
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
            await SqliteSearchIndexer.FlushAsync(tx, default);
            await tx.CommitAsync();
        }

        await using (var db = await temp.Factory.CreateDbContextAsync())
        {
            Assert.Equal(0, await CountAsync(db, SearchSql.RowsQueue));
        }

        Assert.Equal(2, (await explanations.SearchAsync(Marker, 0, 10, default)).Total);
        Assert.Equal(1, (await explanations.SearchAsync(Other, 0, 10, default)).Total);
        Assert.Equal(1, (await explanations.SearchAsync(Other + "，3", 0, 10, default)).Total);
    }

    [Fact]
    public async Task QueuedFindings_AreFoundByTheGrid_InEveryPath()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await temp.IngestAsync(TestData.ReferencePath);
        await new AnalysisJob(temp.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            .RunAsync(Analysis.RuleCatalog.Default(), default);
        var grid = new FindingsGridQuery(temp.Factory);
        await using (var db = await temp.Factory.CreateDbContextAsync())
        {
            Assert.Equal(0, await CountAsync(db, SearchSql.FindingsQueue));
        }

        // One finding's message rewritten by a raw connection: out of the index, queued, found by its new text.
        const string Marker = "人工复核标记";
        await using (var c = await OpenRawAsync(await DatabasePathAsync(temp)))
        {
            await ExecAsync(c, $"UPDATE findings SET Message = '{Marker}' || Message WHERE Id = (SELECT min(Id) FROM findings)");
        }

        var page = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Text: Marker)), default);
        Assert.Equal(1, page.Total);
        Assert.Single(page.Items);
        var combined = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Text: Marker),
            FindingSort.Rule), default);
        Assert.Single(combined.Items);
    }

    private static async Task<string> DatabasePathAsync(TempDatabase temp)
    {
        await using var db = await temp.Factory.CreateDbContextAsync();
        return new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
    }

    private static async Task<SqliteConnection> OpenRawAsync(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await c.OpenAsync();
        SqliteSearchFunction.Register(c);
        return c;
    }

    private static async Task ExecAsync(SqliteConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Table names are the tests' own constants.</summary>
    private static async Task<int> CountAsync(PerfEvalDbContext db, string table)
    {
        var sql = $"SELECT count(*) AS Value FROM {table}";
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
    }
}
