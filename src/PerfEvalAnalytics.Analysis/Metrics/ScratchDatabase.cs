using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// A temporary SQLite file for a comparison too large to hold in memory: tables, sorts, groupings and joins are
/// SQLite's, which keeps at most its page cache (<see cref="CacheKilobytes"/>) and spills its sorts to temporary files,
/// so what the tables hold does not grow the process (what the caller keeps besides is its own affair). Nothing is journaled or synced (the file is thrown away
/// if anything fails); the file is deleted when this is disposed. Not the product's store: the analysis never sees
/// that (house style §7.2).
/// </summary>
/// <remarks>
/// Texts go in as blobs of their UTF-16 code units (<see cref="Utf16"/>, <see cref="Utf16Ordinal"/>), not as SQLite
/// text: a text holding half a surrogate pair (a cell cut mid-character) would be re-encoded with a replacement
/// character, and two different texts could compare equal. Blobs compare byte by byte, so equality is exact.
/// </remarks>
internal sealed class ScratchDatabase : IDisposable
{
    /// <summary>Page cache of the scratch file, in KiB (SQLite's sorter spills beyond about as much).</summary>
    public const int CacheKilobytes = 16 * 1024;

    private readonly string _path;
    private bool _disposed;

    private ScratchDatabase(string path, SqliteConnection connection)
    {
        _path = path;
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>A new, empty scratch file in <paramref name="directory"/> (the system's temporary folder by
    /// default).</summary>
    public static ScratchDatabase Create(string prefix, string? directory = null)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ToString());
        var scratch = new ScratchDatabase(path, connection);
        try
        {
            connection.Open();
            scratch.Execute($"""
                PRAGMA journal_mode = OFF;
                PRAGMA synchronous = OFF;
                PRAGMA locking_mode = EXCLUSIVE;
                PRAGMA temp_store = FILE;
                PRAGMA cache_size = -{CacheKilobytes};
                """);
            return scratch;
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    /// <summary>Runs statements that return nothing.</summary>
    public void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    /// <summary>A command on the scratch file with the given parameters bound.</summary>
    public SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>The text's UTF-16 code units as they are in memory (little-endian here): equal blobs, equal texts.
    /// Read back with <see cref="FromUtf16"/>.</summary>
    public static byte[] Utf16(string text) => MemoryMarshal.AsBytes(text.AsSpan()).ToArray();

    /// <summary>A text stored by <see cref="Utf16"/>.</summary>
    public static string FromUtf16(byte[] blob) => new(MemoryMarshal.Cast<byte, char>(blob));

    /// <summary>The text's UTF-16 code units big-endian: SQLite orders these blobs as
    /// <see cref="string.CompareOrdinal(string, string)"/> orders the texts.</summary>
    public static byte[] Utf16Ordinal(string text)
    {
        var bytes = new byte[text.Length * 2];
        for (var i = 0; i < text.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i * 2), text[i]);
        }

        return bytes;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Connection.Dispose();
        File.Delete(_path);
    }
}
