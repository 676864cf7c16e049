using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using PerfEvalAnalytics.Data.Search;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>
/// PostgreSQL keeps each explanation's gram vector in indicator_rows."ExplanationGrams", computed by the COPY writer
/// on the client (<see cref="PostgresGrams.VectorBinary"/>) or by a trigger for any other writer. Either way it must
/// be exactly what the server's perfeval_gram_vector gives, or the search would miss rows.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class StoredGramVectorTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    public static TheoryData<string> Texts() =>
    [
        "", "x", "原因", "执行率未达到预期原因", "受疫情影响，原因原因原因", "aAa aA", "它's \"quoted\" \\ back\\slash",
        "tab\tnew\nline", "𠮷野𠮷", "𠮷", "é vs e\u0301", "\uFFFF\uE000𠮷a", "  ", "%_[]*:&|!()<>",
        new string('率', 300) + "完成",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task VectorBinary_EqualsTheServerFunction(string text)
    {
        var store = await OpenAsync(DatabaseProvider.PostgreSQL);
        await using var db = await store.Factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TEMP TABLE v (t text, g tsvector)";
            await create.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY v (t, g) FROM STDIN (FORMAT BINARY)"))
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(text, NpgsqlDbType.Text);
            await importer.WriteAsync(PostgresGrams.VectorBinary(text), NpgsqlDbType.Bytea);
            await importer.CompleteAsync();
        }

        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT g::text, perfeval_gram_vector(t)::text, g = perfeval_gram_vector(t) FROM v";
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(reader.GetString(1), reader.GetString(0));
        Assert.True(reader.GetBoolean(2));
    }

    [Fact]
    public async Task StoredVectors_FromCopyAndFromOtherWriters_EqualTheServerFunction()
    {
        var store = await OpenAsync(DatabaseProvider.PostgreSQL);
        await TestStores.IngestAndAnalyseAsync(store, [TestData.ReferencePath]);
        await using var db = await store.Factory.CreateDbContextAsync();
        const string Wrong =
            """SELECT count(*)::int AS "Value" FROM indicator_rows WHERE "ExplanationGrams" IS DISTINCT FROM perfeval_gram_vector("Explanation")""";
        var explained = await db.IndicatorRows.CountAsync(r => r.Explanation != null && r.Explanation != "");
        Assert.True(explained > 0);
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>(Wrong).SingleAsync());

        // An EF insert leaves the column to the insert trigger; an update of the explanation recomputes it.
        var row = await db.IndicatorRows.AsNoTracking().FirstAsync(r => r.Explanation != null && r.Explanation != "");
        row.Id = 0;
        row.Ordinal = 10_000;
        row.Explanation = "台风停工检修";
        db.IndicatorRows.Add(row);
        await db.SaveChangesAsync();
        await db.IndicatorRows.Where(r => r.Id != row.Id && r.Explanation != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Explanation, r => r.Explanation + "，延期𠮷野"));
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>(Wrong).SingleAsync());
        const string Stored =
            """SELECT count(*)::int AS "Value" FROM indicator_rows WHERE "ExplanationGrams" @@ '台风'::tsquery""";
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>(Stored).SingleAsync());
    }
}
