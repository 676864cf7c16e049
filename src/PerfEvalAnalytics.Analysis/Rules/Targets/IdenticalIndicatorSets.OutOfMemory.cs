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
    /// forms, the buckets of identical sets, their elements' frequencies, the prefixes, the candidate pairs and the
    /// links are tables of a <see cref="ScratchDatabase"/>, and SQLite sorts and joins them within its page cache. The
    /// partition is read twice: once into the file, once to make the findings in its order.
    /// </summary>
    /// <remarks>
    /// <para>Forms of one (year, kind) with the same set are one bucket, and the join runs over the buckets' distinct
    /// sets: a template filed unchanged by n forms is one set, not n² candidate pairs (the first version of this path
    /// wrote every pair of forms to disk). A form's partners are the other units' forms of its own bucket (Jaccard 1)
    /// and of the buckets linked to it (Jaccard ≥ the threshold); their count is the buckets' sizes less the unit's
    /// own forms in them.</para>
    /// <para>The same prefix filter as <see cref="CandidatePairs"/>: each set's first |S| − ⌈t·|S|⌉ + 1 elements,
    /// rarest first; frequencies are counted over the buckets and equally frequent elements are ordered by their UTF-16
    /// bytes. Any fixed order finds every pair of sets at or above the threshold, so the matches are the same. The
    /// partners a finding names are ordered as <see cref="Partners"/> orders them (Jaccard, then file name
    /// ordinally, then place in the partition).</para>
    /// </remarks>
    private IEnumerable<Finding> JudgeOutOfMemory(BatchPartition<Kept> partition)
    {
        Interlocked.Increment(ref _outOfMemory);
        using var db = ScratchDatabase.Create("perfeval-t7");
        db.Connection.CreateFunction<byte[], byte[], double>("t7_jaccard", SetJaccard, isDeterministic: true);
        Load(db, partition);
        db.Execute("""
            CREATE TABLE member AS
              SELECT id AS form, MIN(id) OVER (PARTITION BY batch, keys) AS bucket, unit, file, name FROM form;
            CREATE INDEX member_form ON member(form);
            CREATE TABLE head AS
              SELECT bucket, unit, file, form, name FROM (
                SELECT bucket, unit, file, form, name,
                  ROW_NUMBER() OVER (PARTITION BY bucket, unit ORDER BY file, form) AS rank
                FROM member)
              WHERE rank <= $shown;
            CREATE INDEX head_bucket ON head(bucket, file, form);
            CREATE TABLE bsize AS SELECT bucket, COUNT(*) AS n FROM member GROUP BY bucket;
            CREATE UNIQUE INDEX bsize_bucket ON bsize(bucket);
            CREATE TABLE bunit AS SELECT bucket, unit, COUNT(*) AS n FROM member GROUP BY bucket, unit;
            CREATE UNIQUE INDEX bunit_unit ON bunit(unit, bucket);
            """, ("$shown", PartnersShown));
        LoadElements(db);
        db.Execute("""
            CREATE TABLE frequency AS SELECT batch, key, COUNT(*) AS n FROM element GROUP BY batch, key;
            CREATE UNIQUE INDEX frequency_key ON frequency(batch, key);
            CREATE TABLE prefix AS
              SELECT batch, key, bucket FROM (
                SELECT e.batch, e.key, e.bucket, f.prefix AS size,
                  ROW_NUMBER() OVER (PARTITION BY e.bucket ORDER BY q.n, e.key) AS rank
                FROM element e
                JOIN frequency q ON q.batch = e.batch AND q.key = e.key
                JOIN form f ON f.id = e.bucket)
              WHERE rank <= size;
            DROP TABLE element;
            DROP TABLE frequency;
            CREATE INDEX prefix_key ON prefix(batch, key, bucket);
            CREATE TABLE link AS
              SELECT a, b, j FROM (
                SELECT c.a, c.b, t7_jaccard(x.keys, y.keys) AS j
                FROM (SELECT DISTINCT p.bucket AS a, q.bucket AS b
                      FROM prefix p JOIN prefix q ON q.batch = p.batch AND q.key = p.key AND q.bucket > p.bucket) c
                JOIN form x ON x.id = c.a
                JOIN form y ON y.id = c.b)
              WHERE j >= $threshold;
            DROP TABLE prefix;
            CREATE TABLE nb AS
              SELECT a AS bucket, b AS other, j FROM link
              UNION ALL SELECT b, a, j FROM link
              UNION ALL SELECT bucket, bucket, 1.0 FROM bsize;
            DROP TABLE link;
            CREATE UNIQUE INDEX nb_bucket ON nb(bucket, other);
            CREATE INDEX nb_order ON nb(bucket, j DESC, other);
            CREATE TABLE btotal AS
              SELECT nb.bucket, SUM(s.n) AS n FROM nb JOIN bsize s ON s.bucket = nb.other GROUP BY nb.bucket;
            CREATE UNIQUE INDEX btotal_bucket ON btotal(bucket);
            """, ("$threshold", _settings.MinJaccard));

        // Per compared form in partition order: its bucket and unit, and its partners: every form of the buckets
        // linked to its own (its own included) less those of its unit, found from the unit's few buckets (CROSS
        // JOIN keeps SQLite from walking every link of a bucket instead).
        using var command = db.Command("""
            SELECT m.form, m.bucket, m.unit, t.n - (
              SELECT COALESCE(SUM(u.n), 0) FROM bunit u CROSS JOIN nb ON nb.bucket = m.bucket AND nb.other = u.bucket
              WHERE u.unit = m.unit) AS partners
            FROM member m JOIN btotal t ON t.bucket = m.bucket
            ORDER BY m.form
            """);
        using var top = new TopPartners(db);
        using var reader = command.ExecuteReader();
        var more = reader.Read();
        var id = 0L;
        foreach (var kept in partition.Stream())
        {
            var count = 0;
            IReadOnlyList<(string Name, double Jaccard)> shown = [];
            if (more && reader.GetInt64(0) == id)
            {
                count = reader.GetInt32(3);
                if (count > 0)
                {
                    shown = top.Of(reader.GetInt64(1), (byte[])reader.GetValue(2));
                }

                more = reader.Read();
            }

            if (kept.Yearly is not null || count > 0)
            {
                yield return Describe(kept.Form, kept.Keys.Length, kept.Yearly, count, shown);
            }

            id++;
        }
    }

    /// <summary>
    /// The partners a form's finding names: the first <see cref="PartnersShown"/> forms of other units among the
    /// buckets linked to its own, by Jaccard (highest first), then file name (ordinal), then place in the partition.
    /// Buckets of one Jaccard are read together, each up to <see cref="PartnersShown"/> forms of other units in
    /// (file, place) order, and merged; the look-ups stop once enough are found. They read the table <c>head</c>,
    /// which holds the first <see cref="PartnersShown"/> forms of each unit in each bucket, so that a unit with many
    /// forms in a bucket is skipped in a few rows, not all of them.
    /// </summary>
    /// <remarks>Each form is looked up on its own: forms of one unit in one bucket repeat the look-ups, and a bucket
    /// whose own forms are too few and whose links share one Jaccard costs a query per link.</remarks>
    private sealed class TopPartners : IDisposable
    {
        private readonly SqliteCommand _links;
        private readonly SqliteCommand _forms;

        public TopPartners(ScratchDatabase db)
        {
            _links = db.Command("SELECT other, j FROM nb WHERE bucket = $bucket ORDER BY j DESC, other");
            _links.Parameters.Add("$bucket", SqliteType.Integer);
            _forms = db.Command($"""
                SELECT file, form, name FROM head WHERE bucket = $bucket AND unit <> $unit
                ORDER BY file, form LIMIT {PartnersShown}
                """);
            _forms.Parameters.Add("$bucket", SqliteType.Integer);
            _forms.Parameters.Add("$unit", SqliteType.Blob);
        }

        public List<(string Name, double Jaccard)> Of(long bucket, byte[] unit)
        {
            var shown = new List<(string Name, double Jaccard)>(PartnersShown);
            var group = new List<(byte[] File, long Form, byte[] Name)>();
            _links.Parameters[0].Value = bucket;
            _forms.Parameters[1].Value = unit;
            using var links = _links.ExecuteReader();
            var more = links.Read();
            while (more && shown.Count < PartnersShown)
            {
                var j = links.GetDouble(1);
                group.Clear();
                while (more && links.GetDouble(1) == j)
                {
                    _forms.Parameters[0].Value = links.GetInt64(0);
                    using (var forms = _forms.ExecuteReader())
                    {
                        while (forms.Read())
                        {
                            group.Add(((byte[])forms.GetValue(0), forms.GetInt64(1), (byte[])forms.GetValue(2)));
                        }
                    }

                    more = links.Read();
                }

                foreach (var (_, _, name) in group.OrderBy(g => g.File, ByteOrder.Instance).ThenBy(g => g.Form)
                             .Take(PartnersShown - shown.Count))
                {
                    shown.Add((ScratchDatabase.FromUtf16(name), j));
                }
            }

            return shown;
        }

        public void Dispose()
        {
            _links.Dispose();
            _forms.Dispose();
        }
    }

    /// <summary>Byte arrays in the order SQLite compares blobs (memcmp, then length).</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>Writes the partition's forms that are compared (at least <see cref="Settings.MinIndicators"/>
    /// elements), numbered by their place in it.</summary>
    private void Load(ScratchDatabase db, BatchPartition<Kept> partition)
    {
        db.Execute("""
            CREATE TABLE form(id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, unit BLOB NOT NULL, file BLOB NOT NULL,
              name BLOB NOT NULL, keys BLOB NOT NULL, prefix INTEGER NOT NULL);
            """);
        using var transaction = db.Connection.BeginTransaction();
        using var form = Prepared(db, transaction,
            "INSERT INTO form VALUES ($id, $batch, $unit, $file, $name, $keys, $prefix)",
            ("$id", SqliteType.Integer), ("$batch", SqliteType.Integer), ("$unit", SqliteType.Blob),
            ("$file", SqliteType.Blob), ("$name", SqliteType.Blob), ("$keys", SqliteType.Blob),
            ("$prefix", SqliteType.Integer));
        var id = 0L;
        foreach (var kept in partition.Stream())
        {
            var size = kept.Keys.Length;
            if (size >= _settings.MinIndicators)
            {
                Run(form, id, BatchKey.YearAndKind(kept.Form), ScratchDatabase.Utf16(UnitNames.Normalize(kept.Form.UnitName)),
                    ScratchDatabase.Utf16Ordinal(kept.Form.FileName), ScratchDatabase.Utf16(Name(kept.Form)),
                    EncodeSet(kept.Keys), size - (int)Math.Ceiling(_settings.MinJaccard * size) + 1);
            }

            id++;
        }

        transaction.Commit();
    }

    /// <summary>Writes the elements of each bucket's set (read back from its first form), one row per element.</summary>
    private static void LoadElements(ScratchDatabase db)
    {
        db.Execute("CREATE TABLE element(batch INTEGER NOT NULL, key BLOB NOT NULL, bucket INTEGER NOT NULL);");
        using var transaction = db.Connection.BeginTransaction();
        using var element = Prepared(db, transaction, "INSERT INTO element VALUES ($batch, $key, $bucket)",
            ("$batch", SqliteType.Integer), ("$key", SqliteType.Blob), ("$bucket", SqliteType.Integer));
        using var sets = db.Command("SELECT f.id, f.batch, f.keys FROM bsize b JOIN form f ON f.id = b.bucket");
        sets.Transaction = transaction;
        using var reader = sets.ExecuteReader();
        while (reader.Read())
        {
            var (bucket, batch, keys) = (reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2));
            for (var at = 0; at < keys.Length;)
            {
                var key = Key(keys, at);
                Run(element, batch, MemoryMarshal.AsBytes(key).ToArray(), bucket);
                at += 4 + (key.Length * 2);
            }
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
