using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.PostgreSQL;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// Where <c>perfeval bench</c> stores the corpus, and its yardstick there (<see cref="Yardstick"/>): the same rows
/// written by the plainest fast path of that engine (forms re-parsed untimed; only the writes and the commit are timed).
/// </summary>
internal abstract class BenchTarget : IAsyncDisposable
{
    public abstract PerfEvalStore Store { get; }

    /// <summary>E.g. "one prepared INSERT in one transaction".</summary>
    public abstract string YardstickName { get; }

    /// <summary>Writes the files' rows the yardstick's way into its tables (created when missing), timed; with
    /// <paramref name="rollBack"/> the transaction is rolled back instead of committed (a warm-up round: no rows
    /// stay; PostgreSQL's dead rows are truncated away before the timed run).</summary>
    public abstract Task<YardstickResult> YardstickAsync(IReadOnlyList<string> files, bool rollBack, CancellationToken ct);

    public abstract Task<long> SizeAsync(CancellationToken ct);

    /// <summary>A second, empty store of the same kind, for the store-only measurement.</summary>
    public abstract Task<PerfEvalStore> SecondStoreAsync(CancellationToken ct);

    /// <summary>A throw-away empty store of the same kind, for the warm-up before the timed ingest.</summary>
    public abstract Task<PerfEvalStore> WarmUpStoreAsync(CancellationToken ct);

    /// <summary>A new empty store of the same kind for a repeated timed ingest (the previous repeat's store is
    /// dropped first).</summary>
    public abstract Task<PerfEvalStore> RepeatStoreAsync(CancellationToken ct);

    /// <summary>
    /// CPU the database server spent for the yardstick and for the second store so far, when it can be read (a
    /// PostgreSQL server on this machine whose processes /proc shows); null otherwise (SQLite runs in-process, so its
    /// work is already in the client's CPU).
    /// </summary>
    public virtual Task<(TimeSpan? Yardstick, TimeSpan? SecondStore)> ServerCpuAsync(CancellationToken ct) =>
        Task.FromResult<(TimeSpan?, TimeSpan?)>((null, null));

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// The schema's floor: the engine copying the stored indicator rows inside the database, with no client work,
    /// once into a table of the same columns with no key, index or trigger, once into a table with the store's
    /// keys, indexes and foreign key but not the search index, once with the search index too. Their ratios are what
    /// the store's schema costs the engine over a plain table, whatever the client does; the tables are dropped
    /// afterwards.
    /// </summary>
    public abstract Task<(TimeSpan Plain, TimeSpan WithoutSearch, TimeSpan Schema)> SchemaFloorAsync(CancellationToken ct);

    /// <summary>Runs <paramref name="sql"/> on the store's connection and returns its wall time.</summary>
    protected async Task<TimeSpan> TimedSqlAsync(string sql, CancellationToken ct)
    {
        await using var db = await Store.Factory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = sql;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await command.ExecuteNonQueryAsync(ct);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// The store alone, comparable with the yardstick: forms parsed with the timer stopped (as the yardstick's rows
    /// are), then stored by <see cref="FormStore.StoreManyAsync"/> in batches of <see cref="BatchIngestor.MaxBatch"/>
    /// as ingest stores them (look-ups, fingerprints, keys, units, forms, budget lines, indicator rows, notes, indexes).
    /// </summary>
    public async Task<BenchTimer> StoreOnlyAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var store = await SecondStoreAsync(ct);
        var sink = new FormStore(store.Factory, store.Bulk, TimeProvider.System);
        var timer = BenchTimer.StartNew();
        timer.Stop();
        foreach (var chunk in files.Chunk(BatchIngestor.MaxBatch))
        {
            var forms = chunk.Select(FormReader.Read).ToList();
            // The content fingerprint too, as the ingest computes it on its reading thread and the yardstick untimed.
            forms.ForEach(sink.Prepare);
            timer.Start();
            var attempts = await sink.StoreManyAsync(forms, ct);
            timer.Stop();
            if (attempts.FirstOrDefault(a => a.Error is not null) is { } failed)
            {
                throw new InvalidOperationException("store-only run failed: " + failed.Error!.Message, failed.Error);
            }
        }

        return timer;
    }
}

/// <summary>A SQLite file in the work folder; yardstick: one prepared INSERT per table in one transaction.</summary>
internal sealed class SqliteBenchTarget(PerfEvalStore store, string path, string yardstickPath) : BenchTarget
{
    public override PerfEvalStore Store => store;

    public override Task<PerfEvalStore> SecondStoreAsync(CancellationToken ct) =>
        PerfEvalDb.OpenSqliteStoreAsync(Path.Combine(Path.GetDirectoryName(path)!, "store-only.db"), ct);

    public override Task<PerfEvalStore> WarmUpStoreAsync(CancellationToken ct) =>
        PerfEvalDb.OpenSqliteStoreAsync(Path.Combine(Path.GetDirectoryName(path)!, "warm-up.db"), ct);

    public override Task<PerfEvalStore> RepeatStoreAsync(CancellationToken ct)
    {
        var repeat = Path.Combine(Path.GetDirectoryName(path)!, "repeat.db");
        SqliteConnection.ClearAllPools();
        DeleteDatabase(repeat);
        return PerfEvalDb.OpenSqliteStoreAsync(repeat, ct);
    }

    private static void DeleteDatabase(string file)
    {
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(f);
        }
    }

    public override string YardstickName => "one prepared INSERT per table in one transaction";

    public static async Task<SqliteBenchTarget> OpenAsync(string root, CancellationToken ct)
    {
        var path = Path.Combine(root, "bench.db");
        return new SqliteBenchTarget(await PerfEvalDb.OpenSqliteStoreAsync(path, ct), path, Path.Combine(root, "yardstick.db"));
    }

    public override async Task<YardstickResult> YardstickAsync(IReadOnlyList<string> files, bool rollBack,
        CancellationToken ct)
    {
        if (!rollBack)
        {
            // A timed run writes into a new file, so that a repeated run starts where the first one did.
            DeleteDatabase(yardstickPath);
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = yardstickPath, Pooling = false }.ToString());
        connection.Open();
        await using (var pragma = connection.CreateCommand())
        {
            // The engine settings the store's connections use.
            pragma.CommandText = PerfEvalDb.SqliteConnectionPragmas + " " + string.Concat(Yardstick.Tables.Select(t =>
                $"CREATE TABLE IF NOT EXISTS {t.Name} (id INTEGER PRIMARY KEY, "
                + string.Join(", ", t.Columns.Select(c => c + (t.IsInteger(c) ? " INTEGER" : " TEXT"))) + "); "));
            pragma.ExecuteNonQuery();
        }

        var timer = BenchTimer.StartNew();
        await using var transaction = connection.BeginTransaction();
        var inserts = Yardstick.Tables.Select(t =>
        {
            var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {t.Name} ({string.Join(", ", t.Columns)}) VALUES ({string.Join(", ", t.Columns.Select(c => "$" + c))})";
            foreach (var c in t.Columns)
            {
                insert.Parameters.Add(new SqliteParameter { ParameterName = "$" + c });
            }

            insert.Prepare();
            return insert;
        }).ToList();
        try
        {
            var (rows, indicatorRows) = await Yardstick.WriteAsync(files, timer, new PreparedInserts(inserts), ct);
            if (rollBack)
            {
                transaction.Rollback();
            }
            else
            {
                transaction.Commit();
            }

            timer.Stop();
            return new YardstickResult(rows, timer, indicatorRows);
        }
        finally
        {
            inserts.ForEach(i => i.Dispose());
        }
    }

    /// <summary>One prepared INSERT per table, its parameters set by position, executed per row.</summary>
    private sealed class PreparedInserts(List<SqliteCommand> inserts) : Yardstick.IWriter
    {
        private SqliteCommand insert = inserts[0];

        public int ChunkForms => Yardstick.SqliteChunkForms;

        public Task BeginAsync(int table, CancellationToken ct)
        {
            insert = inserts[table];
            return Task.CompletedTask;
        }

        public void Write(object?[] values)
        {
            for (var k = 0; k < values.Length; k++)
            {
                insert.Parameters[k].Value = values[k] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
        }

        public Task EndAsync(CancellationToken ct) => Task.CompletedTask;
    }

    public override async Task<(TimeSpan Plain, TimeSpan WithoutSearch, TimeSpan Schema)> SchemaFloorAsync(CancellationToken ct)
    {
        const string Rows = "bench_floor_rows";
        var (table, indexes) = await SchemaOfAsync(ct);
        var plain = await TimedSqlAsync(
            "CREATE TABLE bench_floor_plain AS SELECT * FROM indicator_rows WHERE 0; "
            + "BEGIN; INSERT INTO bench_floor_plain SELECT * FROM indicator_rows; COMMIT; DROP TABLE bench_floor_plain;", ct);
        await TimedSqlAsync(string.Join("; ", [Rename(table, Rows), .. indexes.Select(i => Rename(i, Rows))]), ct);
        var withoutSearch = await TimedSqlAsync($"BEGIN; INSERT INTO {Rows} SELECT * FROM indicator_rows; COMMIT; DROP TABLE {Rows};", ct);
        var setUp = string.Join("; ", [
            Rename(table, Rows), .. indexes.Select(i => Rename(i, Rows)),
            "CREATE TABLE bench_floor_queue (Id INTEGER PRIMARY KEY)",
            $"CREATE TRIGGER bench_floor_queue_insert AFTER INSERT ON {Rows} WHEN new.Explanation IS NOT NULL AND new.Explanation <> '' "
            + "BEGIN INSERT INTO bench_floor_queue(Id) VALUES (new.Id); END",
            "CREATE VIRTUAL TABLE bench_floor_search USING fts5(terms, tokenize='ascii', content='', contentless_delete=1)",
        ]);
        await TimedSqlAsync(setUp, ct);
        var schema = await TimedSqlAsync(
            $"BEGIN; INSERT INTO {Rows} SELECT * FROM indicator_rows; "
            + $"INSERT INTO bench_floor_search(rowid, terms) SELECT r.Id, {Data.Search.SqliteSearchFunction.Name}(r.Explanation) "
            + $"FROM bench_floor_queue q JOIN {Rows} r ON r.Id = q.Id ORDER BY q.Id; DELETE FROM bench_floor_queue; COMMIT;", ct);
        await TimedSqlAsync($"DROP TABLE bench_floor_search; DROP TABLE bench_floor_queue; DROP TABLE {Rows};", ct);
        return (plain, withoutSearch, schema);
    }

    /// <summary>The CREATE statements of indicator_rows and of its indexes, as SQLite keeps them.</summary>
    private async Task<(string Table, List<string> Indexes)> SchemaOfAsync(CancellationToken ct)
    {
        await using var db = await Store.Factory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'indicator_rows' AND type IN ('table', 'index') AND sql IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync(ct);
        string? table = null;
        var indexes = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(0) == "table")
            {
                table = reader.GetString(1);
            }
            else
            {
                indexes.Add(reader.GetString(1));
            }
        }

        return (table ?? throw new InvalidOperationException("the store has no indicator_rows table"), indexes);
    }

    /// <summary>A CREATE statement of indicator_rows or its indexes, made for <paramref name="table"/>.</summary>
    private static string Rename(string sql, string table) =>
        sql.Replace("\"indicator_rows\"", $"\"{table}\"", StringComparison.Ordinal)
            .Replace("_indicator_rows", "_" + table, StringComparison.Ordinal);

    public override Task<long> SizeAsync(CancellationToken ct)
    {
        SqliteConnection.ClearAllPools();
        return Task.FromResult(new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length));
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A scratch database created on the server the connection string names (dropped at the end; needs CREATEDB);
/// yardstick: binary COPYs (Npgsql's importer) in one transaction, into plain tables of that database.
/// </summary>
internal sealed class PostgresBenchTarget(PerfEvalStore store, string admin, string database, string scratch) : BenchTarget
{
    private TimeSpan? yardstickServerCpu;

    private string SecondDatabase => database + "_store";

    private string WarmUpDatabase => database + "_warmup";

    private string RepeatDatabase => database + "_repeat";

    /// <summary>Server CPU of the second store's connections (server processes keep their CPU while pooled).</summary>
    public override async Task<(TimeSpan? Yardstick, TimeSpan? SecondStore)> ServerCpuAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pid FROM pg_stat_activity WHERE datname = @db";
        command.Parameters.AddWithValue("db", SecondDatabase);
        TimeSpan? total = TimeSpan.Zero;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            total = ProcessCpu(reader.GetInt32(0)) is { } cpu && total is { } sum ? sum + cpu : null;
        }

        return (yardstickServerCpu, total);
    }

    /// <summary>utime + stime of a local process, from /proc; null when not readable.</summary>
    private static TimeSpan? ProcessCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of stat (utime, stime), counted after the command name; clock ticks of 1/100 s.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public override async Task<(TimeSpan Plain, TimeSpan WithoutSearch, TimeSpan Schema)> SchemaFloorAsync(CancellationToken ct)
    {
        const string Copy = "INSERT INTO bench_floor_rows OVERRIDING SYSTEM VALUE SELECT * FROM indicator_rows";
        var plain = await TimedSqlAsync(
            "CREATE TABLE bench_floor_plain (LIKE indicator_rows); INSERT INTO bench_floor_plain SELECT * FROM indicator_rows", ct);
        await TimedSqlAsync(FloorTable + """
            DO $$DECLARE i text; BEGIN
              FOR i IN SELECT indexname FROM pg_indexes WHERE tablename = 'bench_floor_rows' AND indexdef ILIKE '%using gin%'
              LOOP EXECUTE format('DROP INDEX %I', i); END LOOP;
            END$$;
            """, ct);
        var withoutSearch = await TimedSqlAsync(Copy, ct);
        await TimedSqlAsync("DROP TABLE bench_floor_rows; " + FloorTable, ct);
        var schema = await TimedSqlAsync(Copy, ct);
        await TimedSqlAsync("DROP TABLE bench_floor_plain; DROP TABLE bench_floor_rows", ct);
        return (plain, withoutSearch, schema);
    }

    /// <summary>A table like indicator_rows with its keys, indexes and foreign key.</summary>
    private const string FloorTable =
        "CREATE TABLE bench_floor_rows (LIKE indicator_rows INCLUDING ALL); "
        + "ALTER TABLE bench_floor_rows ADD FOREIGN KEY (\"FormId\") REFERENCES forms (\"Id\") ON DELETE CASCADE; ";

    public override PerfEvalStore Store => store;

    public override async Task<PerfEvalStore> SecondStoreAsync(CancellationToken ct)
    {
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {SecondDatabase}", ct);
        await ExecuteAsync(admin, $"CREATE DATABASE {SecondDatabase}", ct);
        return await PostgresDb.OpenAsync(new NpgsqlConnectionStringBuilder(scratch) { Database = SecondDatabase }.ToString(), ct);
    }

    public override async Task<PerfEvalStore> WarmUpStoreAsync(CancellationToken ct)
    {
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {WarmUpDatabase}", ct);
        await ExecuteAsync(admin, $"CREATE DATABASE {WarmUpDatabase}", ct);
        return await PostgresDb.OpenAsync(new NpgsqlConnectionStringBuilder(scratch) { Database = WarmUpDatabase }.ToString(), ct);
    }

    public override async Task<PerfEvalStore> RepeatStoreAsync(CancellationToken ct)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {RepeatDatabase} WITH (FORCE)", ct);
        await ExecuteAsync(admin, $"CREATE DATABASE {RepeatDatabase}", ct);
        return await PostgresDb.OpenAsync(new NpgsqlConnectionStringBuilder(scratch) { Database = RepeatDatabase }.ToString(), ct);
    }

    public override string YardstickName => "one binary COPY per table and 2,000 forms in one transaction";

    public static async Task<PostgresBenchTarget> OpenAsync(string connection, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ToString();
        var database = string.Create(CultureInfo.InvariantCulture, $"perfeval_bench_{Environment.ProcessId}");
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database}; ", ct);
        await ExecuteAsync(admin, $"CREATE DATABASE {database}", ct);
        var scratch = new NpgsqlConnectionStringBuilder(connection) { Database = database }.ToString();
        return new PostgresBenchTarget(await PostgresDb.OpenAsync(scratch, ct), admin, database, scratch);
    }

    public override async Task<YardstickResult> YardstickAsync(IReadOnlyList<string> files, bool rollBack,
        CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(scratch);
        await connection.OpenAsync(ct);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = string.Concat(Yardstick.Tables.Select(t =>
                $"CREATE TABLE IF NOT EXISTS {TablePrefix}{t.Name} (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                + string.Join(", ", t.Columns.Select(c => c + (t.IsInteger(c) ? " integer" : " text"))) + "); "));
            if (!rollBack)
            {
                // Rolled-back warm-up rounds leave dead rows and index entries behind: the timed run starts on
                // emptied tables, as on new ones.
                create.CommandText += "TRUNCATE " + string.Join(", ", Yardstick.Tables.Select(t => TablePrefix + t.Name))
                    + " RESTART IDENTITY; ";
            }

            await create.ExecuteNonQueryAsync(ct);
        }

        var serverCpuAtStart = ProcessCpu(connection.ProcessID);
        var timer = BenchTimer.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (rows, indicatorRows) = await WriteAsync(files, timer, connection, ct);
        if (rollBack)
        {
            await transaction.RollbackAsync(ct);
            timer.Stop();
            return new YardstickResult(rows, timer, indicatorRows);
        }

        await transaction.CommitAsync(ct);
        timer.Stop();
        yardstickServerCpu = ProcessCpu(connection.ProcessID) - serverCpuAtStart;
        return new YardstickResult(rows, timer, indicatorRows);
    }

    /// <summary>The yardstick's tables are named yardstick_forms, yardstick_indicator_rows …</summary>
    private const string TablePrefix = "yardstick_";

    private static async Task<(long[] Rows, TimeSpan IndicatorRowsWall)> WriteAsync(IReadOnlyList<string> files,
        BenchTimer timer, NpgsqlConnection connection, CancellationToken ct)
    {
        await using var copies = new BinaryCopies(connection);
        return await Yardstick.WriteAsync(files, timer, copies, ct);
    }

    /// <summary>One binary COPY per table and chunk of forms.</summary>
    private sealed class BinaryCopies(NpgsqlConnection connection) : Yardstick.IWriter, IAsyncDisposable
    {
        private NpgsqlBinaryImporter? importer;
        private NpgsqlDbType[] types = [];

        public int ChunkForms => Yardstick.CopyChunkForms;

        public async Task BeginAsync(int table, CancellationToken ct)
        {
            var t = Yardstick.Tables[table];
            types = [.. t.Columns.Select(c => t.IsInteger(c) ? NpgsqlDbType.Integer : NpgsqlDbType.Text)];
            importer = await connection.BeginBinaryImportAsync(
                $"COPY {TablePrefix}{t.Name} ({string.Join(", ", t.Columns)}) FROM STDIN (FORMAT BINARY)", ct);
        }

        public void Write(object?[] values)
        {
            importer!.StartRow();
            for (var k = 0; k < values.Length; k++)
            {
                if (values[k] is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(values[k], types[k]);
                }
            }
        }

        public async Task EndAsync(CancellationToken ct)
        {
            await importer!.CompleteAsync(ct);
            await DisposeAsync();
        }

        /// <summary>Ends a COPY that did not complete (cancelled), or the completed one.</summary>
        public async ValueTask DisposeAsync()
        {
            if (importer is not null)
            {
                await importer.DisposeAsync();
                importer = null;
            }
        }
    }

    public override async Task<long> SizeAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(scratch);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // The store's tables only (the yardstick's tables are not part of it).
        command.CommandText = "SELECT pg_database_size(current_database())" + string.Concat(Yardstick.Tables.Select(t =>
            $" - COALESCE(pg_total_relation_size(to_regclass('{TablePrefix}{t.Name}')), 0)"));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {SecondDatabase} WITH (FORCE)", CancellationToken.None);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {WarmUpDatabase} WITH (FORCE)", CancellationToken.None);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {RepeatDatabase} WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
