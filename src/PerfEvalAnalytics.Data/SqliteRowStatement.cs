using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// One statement prepared on an open connection's native SQLite handle, its parameters bound by position with typed
/// values and executed once per row. Microsoft.Data.Sqlite binds every parameter by name on each execution and goes
/// through a data reader, boxing and an allocated UTF-8 copy of every text; for bulk rows that cost more than SQLite's
/// own work (docs/benchmarks.md, "SQLite ingest: rows bound by position"). Values are stored as a
/// Microsoft.Data.Sqlite parameter stores them (text as UTF-8, integers, reals, NULL), and errors surface as
/// <see cref="SqliteException"/> as they do there.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    /// <summary>A non-null pointer for the empty text (a null pointer would bind NULL, not '').</summary>
    private static readonly byte[] Empty = [0];

    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private readonly IntPtr handle;
    private byte[] utf8 = new byte[1024];

    private SqliteRowStatement(sqlite3 db, sqlite3_stmt statement)
    {
        this.db = db;
        this.statement = statement;
        handle = statement.DangerousGetHandle();
    }

    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/>, which must be open.</summary>
    public static SqliteRowStatement Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return new SqliteRowStatement(db, statement);
    }

    /// <summary>Binds text (1-based <paramref name="index"/>), or NULL for null.</summary>
    public void Text(int index, string? value)
    {
        if (value is null)
        {
            Null(index);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (utf8.Length < max)
        {
            utf8 = new byte[Math.Max(max, utf8.Length * 2)];
        }

        // SQLite copies the bytes (SQLITE_TRANSIENT), so one buffer serves every column.
        BindUtf8(index, Encoding.UTF8.GetBytes(value, utf8));
    }

    /// <summary>Binds a decimal as its invariant text, as <see cref="FiledDecimalConverter"/> stores it (formatted
    /// straight to UTF-8).</summary>
    public void Decimal(int index, decimal value)
    {
        if (!value.TryFormat(utf8, out var length, default, CultureInfo.InvariantCulture))
        {
            Text(index, value.ToString(CultureInfo.InvariantCulture));
            return;
        }

        BindUtf8(index, length);
    }

    public void Integer(int index, long value) => Check(SqliteNative.BindInt64(handle, index, value));

    /// <summary>Binds a real; NaN is refused, as Microsoft.Data.Sqlite refuses it.</summary>
    public void Real(int index, double value)
    {
        if (double.IsNaN(value))
        {
            throw new InvalidOperationException("Cannot store 'NaN' values.");
        }

        Check(SqliteNative.BindDouble(handle, index, value));
    }

    public void Null(int index) => Check(SqliteNative.BindNull(handle, index));

    /// <summary>Runs the statement with the values bound, and resets it for the next row.</summary>
    public void Execute()
    {
        var rc = SqliteNative.Step(handle);
        if (rc == raw.SQLITE_DONE)
        {
            Check(SqliteNative.Reset(handle));
            return;
        }

        try
        {
            // The message is read before the reset (a constraint, a busy database …).
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        finally
        {
            // After a failed step the reset returns the same error, already reported.
            _ = SqliteNative.Reset(handle);
        }
    }

    public void Dispose() => statement.Dispose();

    private void BindUtf8(int index, int length) =>
        Check(length == 0
            ? SqliteNative.BindText(handle, index, ref Empty[0], 0, SqliteNative.Transient)
            : SqliteNative.BindText(handle, index, ref utf8[0], length, SqliteNative.Transient));

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
