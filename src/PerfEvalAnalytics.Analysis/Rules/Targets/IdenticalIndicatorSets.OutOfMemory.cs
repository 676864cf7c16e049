using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>T7's comparison across units for a partition too large for memory.</summary>
public sealed partial class IdenticalIndicatorSets
{
    /// <summary>
    /// Bytes on disk of a partition's summaries beyond which its comparison across units runs out of memory
    /// (<see cref="JudgeOutOfMemory"/>) instead of in it (a form's summary takes about a kilobyte on disk, several
    /// times that in memory while it is compared); tests set it low (0: every spilled partition).
    /// </summary>
    internal long InMemoryBytes { get; init; } = 32L << 20;

    private int _outOfMemory;

    /// <summary>Partitions this rule has compared out of memory so far (tests check that the path was taken).</summary>
    internal int PartitionsOutOfMemory => Volatile.Read(ref _outOfMemory);

    /// <summary>
    /// Judges a partition as <see cref="JudgeKept"/> does, with the same findings, holding one summary at a time: the
    /// sets, their elements' frequencies, the prefixes, the candidate pairs and the matches are tables of a
    /// <see cref="ScratchDatabase"/>, and SQLite sorts and joins them within its page cache. The partition is read
    /// twice: once into the file, once to make the findings in its order.
    /// </summary>
    /// <remarks>
    /// The same prefix filter as <see cref="CandidatePairs"/>: each set's first |S| − ⌈t·|S|⌉ + 1 elements, rarest in
    /// its (year, kind) first. Equally frequent elements are ordered by their UTF-16 bytes instead of ordinally; any
    /// fixed order finds every pair at or above the threshold, so the matches are the same. The partners a finding
    /// names are ordered as <see cref="Partners"/> orders them (Jaccard, then file name ordinally, then place in the
    /// partition).
    /// </remarks>
    private IEnumerable<Finding> JudgeOutOfMemory(BatchPartition<Kept> partition)
    {
        Interlocked.Increment(ref _outOfMemory);
        using var db = ScratchDatabase.Create("perfeval-t7");
        db.Connection.CreateFunction<byte[], byte[], double>("t7_jaccard", SetJaccard, isDeterministic: true);
        Load(db, partition);
        db.Execute("""
            CREATE TABLE frequency AS SELECT batch, key, COUNT(*) AS n FROM element GROUP BY batch, key;
            CREATE UNIQUE INDEX frequency_key ON frequency(batch, key);
            CREATE TABLE prefix AS
              SELECT batch, key, form FROM (
                SELECT e.batch, e.key, e.form, f.prefix AS size,
                  ROW_NUMBER() OVER (PARTITION BY e.form ORDER BY q.n, e.key) AS rank
                FROM element e
                JOIN frequency q ON q.batch = e.batch AND q.key = e.key
                JOIN form f ON f.id = e.form)
              WHERE rank <= size;
            DROP TABLE element;
            DROP TABLE frequency;
            CREATE INDEX prefix_key ON prefix(batch, key, form);
            CREATE TABLE pair AS
              SELECT a, b, j FROM (
                SELECT c.a, c.b, t7_jaccard(x.keys, y.keys) AS j
                FROM (SELECT DISTINCT p.form AS a, q.form AS b
                      FROM prefix p JOIN prefix q ON q.batch = p.batch AND q.key = p.key AND q.form > p.form) c
                JOIN form x ON x.id = c.a
                JOIN form y ON y.id = c.b
                WHERE x.unit <> y.unit)
              WHERE j >= $threshold;
            DROP TABLE prefix;
            """, ("$threshold", _settings.MinJaccard));

        // Per form: how many partners, and the first PartnersShown of them, in form order.
        using var command = db.Command("""
            SELECT form, partners, j, name FROM (
              SELECT d.form, d.j, o.name,
                COUNT(*) OVER (PARTITION BY d.form) AS partners,
                ROW_NUMBER() OVER (PARTITION BY d.form ORDER BY d.j DESC, o.file, d.other) AS rank
              FROM (SELECT a AS form, b AS other, j FROM pair UNION ALL SELECT b, a, j FROM pair) d
              JOIN form o ON o.id = d.other)
            WHERE rank <= $shown
            ORDER BY form, rank
            """, ("$shown", PartnersShown));
        using var reader = command.ExecuteReader();
        var more = reader.Read();
        var id = 0L;
        foreach (var kept in partition.Stream())
        {
            var count = 0;
            var top = new List<(string Name, double Jaccard)>(PartnersShown);
            while (more && reader.GetInt64(0) == id)
            {
                count = reader.GetInt32(1);
                top.Add((ScratchDatabase.FromUtf16((byte[])reader.GetValue(3)), reader.GetDouble(2)));
                more = reader.Read();
            }

            if (kept.Yearly is not null || count > 0)
            {
                yield return Describe(kept.Form, kept.Keys.Length, kept.Yearly, count, top);
            }

            id++;
        }
    }

    /// <summary>Writes the partition's forms that are compared (at least <see cref="Settings.MinIndicators"/>
    /// elements), numbered by their place in it, and their elements.</summary>
    private void Load(ScratchDatabase db, BatchPartition<Kept> partition)
    {
        db.Execute("""
            CREATE TABLE form(id INTEGER PRIMARY KEY, unit BLOB NOT NULL, file BLOB NOT NULL, name BLOB NOT NULL,
              keys BLOB NOT NULL, prefix INTEGER NOT NULL);
            CREATE TABLE element(batch INTEGER NOT NULL, key BLOB NOT NULL, form INTEGER NOT NULL);
            """);
        using var transaction = db.Connection.BeginTransaction();
        using var form = Prepared(db, transaction, "INSERT INTO form VALUES ($id, $unit, $file, $name, $keys, $prefix)",
            ("$id", SqliteType.Integer), ("$unit", SqliteType.Blob), ("$file", SqliteType.Blob),
            ("$name", SqliteType.Blob), ("$keys", SqliteType.Blob), ("$prefix", SqliteType.Integer));
        using var element = Prepared(db, transaction, "INSERT INTO element VALUES ($batch, $key, $form)",
            ("$batch", SqliteType.Integer), ("$key", SqliteType.Blob), ("$form", SqliteType.Integer));
        var id = 0L;
        foreach (var kept in partition.Stream())
        {
            var size = kept.Keys.Length;
            if (size >= _settings.MinIndicators)
            {
                Run(form, id, ScratchDatabase.Utf16(UnitNames.Normalize(kept.Form.UnitName)),
                    ScratchDatabase.Utf16Ordinal(kept.Form.FileName), ScratchDatabase.Utf16(Name(kept.Form)),
                    EncodeSet(kept.Keys), size - (int)Math.Ceiling(_settings.MinJaccard * size) + 1);
                var batch = BatchKey.YearAndKind(kept.Form);
                foreach (var key in kept.Keys)
                {
                    Run(element, batch, ScratchDatabase.Utf16(key), id);
                }
            }

            id++;
        }

        transaction.Commit();
    }

    private static SqliteCommand Prepared(ScratchDatabase db, SqliteTransaction transaction, string sql,
        params (string Name, SqliteType Type)[] parameters)
    {
        var command = db.Command(sql);
        command.Transaction = transaction;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    /// <summary>A set's keys, ordinally sorted, each as its length and its UTF-16 code units (read by
    /// <see cref="SetJaccard"/>).</summary>
    private static byte[] EncodeSet(string[] keys)
    {
        var sorted = keys.Order(StringComparer.Ordinal).ToArray();
        var bytes = new byte[sorted.Sum(k => 4 + (k.Length * 2))];
        var at = 0;
        foreach (var key in sorted)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), key.Length);
            at += 4;
            MemoryMarshal.AsBytes(key.AsSpan()).CopyTo(bytes.AsSpan(at));
            at += key.Length * 2;
        }

        return bytes;
    }

    /// <summary>Jaccard of two sets written by <see cref="EncodeSet"/>, computed as <see cref="Jaccard"/> computes
    /// it (common elements over the union), by merging them in ordinal order.</summary>
    private static double SetJaccard(byte[] a, byte[] b)
    {
        int i = 0, k = 0, countA = 0, countB = 0, common = 0;
        while (i < a.Length && k < b.Length)
        {
            var x = Key(a, i);
            var y = Key(b, k);
            var order = x.SequenceCompareTo(y);
            if (order <= 0)
            {
                i += 4 + (x.Length * 2);
                countA++;
            }

            if (order >= 0)
            {
                k += 4 + (y.Length * 2);
                countB++;
            }

            if (order == 0)
            {
                common++;
            }
        }

        countA += Count(a, i);
        countB += Count(b, k);
        return (double)common / (countA + countB - common);
    }

    private static ReadOnlySpan<char> Key(byte[] set, int at) =>
        MemoryMarshal.Cast<byte, char>(set.AsSpan(at + 4, BinaryPrimitives.ReadInt32LittleEndian(set.AsSpan(at)) * 2));

    /// <summary>Keys of <paramref name="set"/> from byte <paramref name="at"/> on.</summary>
    private static int Count(byte[] set, int at)
    {
        var count = 0;
        while (at < set.Length)
        {
            at += 4 + (BinaryPrimitives.ReadInt32LittleEndian(set.AsSpan(at)) * 2);
            count++;
        }

        return count;
    }
}
