using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// Registers <c>perfeval_grams(text)</c> (<see cref="SearchTerms.Document"/>) on every SQLite connection the store
/// opens: the triggers that keep the FTS5 search tables in step with indicator_rows and findings call it, so any
/// write (ingest, replace, re-analysis, a cascade) updates the index in the same transaction.
/// </summary>
/// <remarks>
/// <para>A connection opened without it (e.g. the sqlite3 shell) can read the store but cannot write indicator
/// rows or findings: the triggers fail with "no such function: perfeval_grams". Use <see cref="Register"/> there.</para>
/// <para>Registered on the native handle and working on UTF-8 bytes: the text is read as SQLite holds it and the
/// document handed back from a reused buffer. Through <see cref="SqliteConnection.CreateFunction{T1, TResult}(string, Func{T1, TResult}, bool)"/>
/// every call made a string of the text and one of the document (nine times as long) and encoded the document
/// again: 3.2 s of the store's 31 s for 100,000 generated forms (823,062 explanations).</para>
/// </remarks>
public sealed class SqliteSearchFunction : DbConnectionInterceptor
{
    public const string Name = "perfeval_grams";

    /// <summary>Kept alive for as long as the process: SQLitePCLRaw holds it per connection, SQLite calls it.</summary>
    private static readonly delegate_function_scalar Grams = Compute;

    /// <summary>The text's UTF-16 code units and the document's bytes, per thread (SQLite calls on the thread that
    /// runs the statement), grown as needed.</summary>
    [ThreadStatic]
    private static char[]? chars;

    [ThreadStatic]
    private static char[]? document;

    [ThreadStatic]
    private static byte[]? bytes;

    /// <summary>Texts up to this many characters keep their buffers for the next call on the thread (at most about
    /// 2 MB per thread); a longer one gets buffers of its own, so a thread holds nothing large after a huge text.</summary>
    private const int KeptBufferChars = 1 << 16;

    /// <summary>The connections whose every open registers the function, as the connection's own CreateFunction
    /// would: an open may hand the connection a different native handle (a new one, or another one from the pool),
    /// whether EF or the caller opens it.</summary>
    private static readonly ConditionalWeakTable<SqliteConnection, object> Watched = new();

    /// <summary>Adds the function to <paramref name="connection"/> now if it is open, and on each later open. A
    /// connection already watched has it from its opens: calling again does nothing.</summary>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!Watched.TryAdd(connection, Watched))
        {
            return;
        }

        connection.StateChange += OnStateChange;
        if (connection.State == ConnectionState.Open)
        {
            RegisterOn(connection);
        }
    }

    private static void OnStateChange(object? sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Open && sender is SqliteConnection connection)
        {
            RegisterOn(connection);
        }
    }

    private static void RegisterOn(SqliteConnection connection)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_create_function(db, Name, 1, raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, Grams);
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>Every connection EF creates for the store: watched from the start, so that an open by the caller
    /// (<c>GetDbConnection().Open()</c>) registers the function too.</summary>
    public override DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
    {
        Register((SqliteConnection)result);
        return result;
    }

    /// <summary>A connection handed to EF rather than created by it is registered at its first open through EF.</summary>
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Register((SqliteConnection)connection);

    public override Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register((SqliteConnection)connection);
        return Task.CompletedTask;
    }

    /// <summary>The document of the argument's text as UTF-8 (ASCII), NULL for NULL or empty text.</summary>
    private static void Compute(sqlite3_context context, object userData, sqlite3_value[] args)
    {
        try
        {
            var value = args[0];
            if (raw.sqlite3_value_type(value) == raw.SQLITE_NULL)
            {
                raw.sqlite3_result_null(context);
                return;
            }

            // The text in UTF-8 (converted by SQLite first if the value is a number or the database is UTF-16), then
            // its bytes, all of them (an embedded NUL included). No pointer for a value that is not NULL: SQLite ran out
            // of memory converting it; failing keeps the row queued instead of leaving it out of the index.
            var converted = raw.sqlite3_value_text(value);
            if (Unsafe.IsNullRef(in converted.GetPinnableReference()))
            {
                raw.sqlite3_result_error_nomem(context);
                return;
            }

            var utf8 = raw.sqlite3_value_blob(value);
            if (utf8.IsEmpty)
            {
                raw.sqlite3_result_null(context);
                return;
            }

            var text = Buffer(ref chars, Encoding.UTF8.GetMaxCharCount(utf8.Length));
            var length = Encoding.UTF8.GetChars(utf8, text);
            var size = SearchTerms.DocumentLength(length);
            var doc = Buffer(ref document, size).AsSpan(0, size);
            SearchTerms.WriteDocument(text.AsSpan(0, length), doc);
            var output = Buffer(ref bytes, size).AsSpan(0, size);
            Encoding.ASCII.GetBytes(doc, output);
            raw.sqlite3_result_text(context, output);
        }
        catch (Exception ex)
        {
            // Nothing may leave a callback from native code; SQLite fails the statement with the message.
            raw.sqlite3_result_error(context, $"{Name}: {ex.Message}");
        }
    }

    private static T[] Buffer<T>(ref T[]? buffer, int size)
    {
        if (size > KeptBufferChars * 9)
        {
            return new T[size];
        }

        if (buffer is null || buffer.Length < size)
        {
            buffer = new T[Math.Max(size, 2 * (buffer?.Length ?? 512))];
        }

        return buffer;
    }
}
