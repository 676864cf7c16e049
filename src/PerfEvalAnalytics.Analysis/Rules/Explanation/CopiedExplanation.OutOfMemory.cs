using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>E4's comparison across units for a part of its spill too large for memory.</summary>
public sealed partial class CopiedExplanation
{
    /// <summary>What a part compared out of memory counts against the budget of parts compared at once: SQLite's page
    /// cache, about as much as its sorter holds before it spills.</summary>
    private const long OutOfMemoryBytes = ScratchDatabase.CacheKilobytes * 1024L;

    /// <summary>Matches of a part compared out of memory handed on at a time.</summary>
    private const int OutOfMemoryChunk = 4_096;

    private int _outOfMemory;

    /// <summary>
    /// Bytes on disk of a part of the cross-unit spill beyond which it is compared out of memory
    /// (<see cref="MatchOtherUnitsOutOfMemory"/>) instead of read whole. Parts are at most
    /// <see cref="MaxPartBytes"/> unless one (year, indicator) group is larger, so this is about the largest groups:
    /// 64 MB is about 200,000 compared rows of one indicator and year. Tests set it low.
    /// </summary>
    internal long InMemoryPartBytes { get; init; } = 64L << 20;

    /// <summary>Parts compared out of memory so far (tests check that the path was taken).</summary>
    internal int PartsOutOfMemory => Volatile.Read(ref _outOfMemory);

    private bool OutOfMemory(SpillPart<PeerRow> part) => part.Bytes > InMemoryPartBytes;

    /// <summary>
    /// The rows of a part that match rows of other units in their (year, indicator) group, with what they match,
    /// as <see cref="MatchOtherUnits"/> finds them, holding a few rows at a time: the rows, the buckets of identical
    /// explanations, their trigram sets, prefixes, candidate pairs, links and the units across them are tables of a
    /// <see cref="ScratchDatabase"/>. <paramref name="rows"/> is read twice: into the file, then to pair each matched
    /// row with its result (both in the order of the rows' ordinals).
    /// </summary>
    /// <remarks>
    /// The links are the pairs of buckets whose trigram sets reach the threshold (the prefix filter of
    /// <see cref="SimilarityJoin"/>, rarest trigrams of the group first, ties by code; exact, so the same pairs) plus
    /// each bucket with itself. A row matches when a linked bucket holds a unit other than its own; its result is
    /// what <see cref="Summarize"/> makes of the same links.
    /// </remarks>
    private IEnumerable<(PeerRow Row, CrossUnits Units)> MatchOtherUnitsOutOfMemory(Func<IEnumerable<PeerRow>> rows)
    {
        Interlocked.Increment(ref _outOfMemory);
        using var db = ScratchDatabase.Create("perfeval-e4");
        db.Connection.CreateFunction<byte[], byte[], double>("e4_jaccard", Jaccard, isDeterministic: true);
        LoadRows(db, rows());
        db.Execute("""
            CREATE TABLE grp(id INTEGER PRIMARY KEY, year INTEGER NOT NULL, key BLOB NOT NULL);
            INSERT INTO grp(year, key) SELECT DISTINCT year, key FROM row;
            CREATE UNIQUE INDEX grp_key ON grp(year, key);
            CREATE TABLE bucket(id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, text BLOB NOT NULL, first INTEGER NOT NULL);
            INSERT INTO bucket(grp, text, first)
              SELECT g.id, r.text, MIN(r.ord) FROM row r JOIN grp g ON g.year = r.year AND g.key = r.key
              GROUP BY g.id, r.text;
            CREATE UNIQUE INDEX bucket_text ON bucket(grp, text);
            CREATE TABLE member AS
              SELECT r.ord AS ord, b.id AS bucket, r.unit AS unit
              FROM row r JOIN grp g ON g.year = r.year AND g.key = r.key JOIN bucket b ON b.grp = g.id AND b.text = r.text;
            CREATE TABLE bunit AS SELECT bucket, unit, MIN(ord) AS first FROM member GROUP BY bucket, unit;
            CREATE INDEX bunit_unit ON bunit(bucket, unit);
            CREATE INDEX bunit_first ON bunit(bucket, first);
            """);
        LoadPrefixes(db);
        db.Execute("""
            CREATE INDEX prefix_code ON prefix(grp, code, bucket);
            CREATE TABLE near AS
              SELECT a, b, j FROM (
                SELECT c.a, c.b, e4_jaccard(x.codes, y.codes) AS j
                FROM (SELECT DISTINCT p.bucket AS a, q.bucket AS b
                      FROM prefix p JOIN prefix q ON q.grp = p.grp AND q.code = p.code AND q.bucket > p.bucket) c
                JOIN bset x ON x.bucket = c.a
                JOIN bset y ON y.bucket = c.b
                -- the length filter: |x ∩ y| ≤ min(|x|, |y|), so Jaccard ≤ min/max (with room for rounding: the
                -- pairs it lets through are compared exactly)
                WHERE MIN(x.size, y.size) >= ($threshold * MAX(x.size, y.size)) - 1e-9)
              WHERE j >= $threshold;
            DROP TABLE prefix;
            CREATE TABLE link(b INTEGER NOT NULL, other INTEGER NOT NULL, j REAL NOT NULL, first INTEGER NOT NULL);
            INSERT INTO link SELECT n.a, n.b, n.j, o.first FROM near n JOIN bucket o ON o.id = n.b;
            INSERT INTO link SELECT n.b, n.a, n.j, o.first FROM near n JOIN bucket o ON o.id = n.a;
            INSERT INTO link SELECT id, id, 1.0, first FROM bucket;
            DROP TABLE near;
            CREATE INDEX link_order ON link(b, j DESC, first);
            CREATE TABLE lunit AS
              SELECT l.b AS b, u.unit AS unit, MIN(u.first) AS first
              FROM link l JOIN bunit u ON u.bucket = l.other GROUP BY l.b, u.unit;
            CREATE INDEX lunit_unit ON lunit(b, unit);
            CREATE INDEX lunit_first ON lunit(b, first);
            CREATE TABLE lcount(b INTEGER PRIMARY KEY, n INTEGER NOT NULL);
            INSERT INTO lcount SELECT b, COUNT(*) FROM lunit GROUP BY b;
            """, ("$threshold", _settings.Similarity));

        // The rows with another unit among their links, in ordinal order, and how many other units.
        using var hits = db.Command("""
            SELECT ord, bucket, unit, units FROM (
              SELECT m.ord, m.bucket, m.unit,
                c.n - EXISTS (SELECT 1 FROM lunit x WHERE x.b = m.bucket AND x.unit = m.unit) AS units
              FROM member m JOIN lcount c ON c.b = m.bucket)
            WHERE units > 0
            ORDER BY ord
            """);
        using var shown = db.Command("""
            SELECT r.name FROM lunit x JOIN row r ON r.ord = x.first
            WHERE x.b = $bucket AND x.unit <> $unit ORDER BY x.first LIMIT 5
            """, ("$bucket", 0L), ("$unit", Array.Empty<byte>()));
        using var top = db.Command("""
            SELECT l.j, (SELECT r.line FROM bunit u JOIN row r ON r.ord = u.first
                         WHERE u.bucket = l.other AND u.unit <> $unit ORDER BY u.first LIMIT 1) AS line
            FROM link l
            WHERE l.b = $bucket AND EXISTS (SELECT 1 FROM bunit u WHERE u.bucket = l.other AND u.unit <> $unit)
            ORDER BY l.j DESC, l.first LIMIT 1
            """, ("$bucket", 0L), ("$unit", Array.Empty<byte>()));
        shown.Prepare();
        top.Prepare();
        using var reader = hits.ExecuteReader();
        var more = reader.Read();
        foreach (var row in rows())
        {
            if (!more)
            {
                yield break;
            }

            if (reader.GetInt64(0) != row.Ordinal)
            {
                continue;
            }

            var bucket = reader.GetInt64(1);
            var unit = (byte[])reader.GetValue(2);
            var names = new List<string>(5);
            Bind(shown, bucket, unit);
            using (var named = shown.ExecuteReader())
            {
                while (named.Read())
                {
                    names.Add(ScratchDatabase.FromUtf16((byte[])named.GetValue(0)));
                }
            }

            Bind(top, bucket, unit);
            using (var best = top.ExecuteReader())
            {
                if (!best.Read())
                {
                    throw new InvalidOperationException($"E4: row {row.Ordinal} has other units but no link to them");
                }

                yield return (row, new CrossUnits(reader.GetInt32(3), names, best.GetInt32(1), best.GetDouble(0)));
            }

            more = reader.Read();
        }

        if (more)
        {
            throw new InvalidOperationException("E4: the rows read again are not the rows compared");
        }
    }

    private static void Bind(SqliteCommand command, long bucket, byte[] unit)
    {
        command.Parameters["$bucket"].Value = bucket;
        command.Parameters["$unit"].Value = unit;
    }

    /// <summary>Writes the compared rows: ordinal, group (year, indicator key), unit key, the unit's name as filed,
    /// line and the explanation as compared.</summary>
    private static void LoadRows(ScratchDatabase db, IEnumerable<PeerRow> rows)
    {
        db.Execute("""
            CREATE TABLE row(ord INTEGER PRIMARY KEY, year INTEGER NOT NULL, key BLOB NOT NULL, unit BLOB NOT NULL,
              name BLOB NOT NULL, line INTEGER NOT NULL, text BLOB NOT NULL);
            """);
        using var transaction = db.Connection.BeginTransaction();
        using var insert = db.Command("INSERT INTO row VALUES ($ord, $year, $key, $unit, $name, $line, $text)",
            ("$ord", 0L), ("$year", 0), ("$key", Array.Empty<byte>()), ("$unit", Array.Empty<byte>()),
            ("$name", Array.Empty<byte>()), ("$line", 0), ("$text", Array.Empty<byte>()));
        insert.Transaction = transaction;
        insert.Prepare();
        foreach (var row in rows)
        {
            insert.Parameters[0].Value = (long)row.Ordinal;
            insert.Parameters[1].Value = row.Year;
            insert.Parameters[2].Value = ScratchDatabase.Utf16(row.Key);
            insert.Parameters[3].Value = ScratchDatabase.Utf16(row.Unit);
            insert.Parameters[4].Value = ScratchDatabase.Utf16(row.UnitName);
            insert.Parameters[5].Value = row.Row.Line;
            insert.Parameters[6].Value = ScratchDatabase.Utf16(row.Row.Normalized);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Writes each bucket's trigram set (<see cref="TrigramSets.Of"/>) and its prefix: as <see cref="SimilarityJoin"/>,
    /// its first |S| − ⌈t·|S|⌉ + 1 trigrams, rarest in the (year, indicator) group first, ties by code (two sets at
    /// Jaccard ≥ t share one). A group's buckets are read twice, to count its trigrams, then to rank them; what is held
    /// is the group's distinct trigrams with their counts (bounded by the vocabulary of its explanations, not by its
    /// rows).
    /// </summary>
    private void LoadPrefixes(ScratchDatabase db)
    {
        db.Execute("""
            CREATE TABLE bset(bucket INTEGER PRIMARY KEY, codes BLOB NOT NULL, size INTEGER NOT NULL);
            CREATE TABLE prefix(grp INTEGER NOT NULL, code INTEGER NOT NULL, bucket INTEGER NOT NULL);
            """);
        using var transaction = db.Connection.BeginTransaction();
        using var groups = db.Command("SELECT id FROM grp ORDER BY id");
        groups.Transaction = transaction;
        using var buckets = db.Command("SELECT id, text FROM bucket WHERE grp = $grp", ("$grp", 0L));
        buckets.Transaction = transaction;
        using var set = db.Command("INSERT INTO bset VALUES ($bucket, $codes, $size)", ("$bucket", 0L),
            ("$codes", Array.Empty<byte>()), ("$size", 0));
        set.Transaction = transaction;
        set.Prepare();
        using var prefix = db.Command("INSERT INTO prefix VALUES ($grp, $code, $bucket)",
            ("$grp", 0L), ("$code", 0L), ("$bucket", 0L));
        prefix.Transaction = transaction;
        prefix.Prepare();
        var ids = new List<long>();
        using (var reader = groups.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var frequency = new Dictionary<long, int>();
        foreach (var group in ids)
        {
            frequency.Clear();
            buckets.Parameters[0].Value = group;
            foreach (var (_, codes) in Sets(buckets))
            {
                foreach (var code in codes)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(frequency, code, out _)++;
                }
            }

            prefix.Parameters[0].Value = group;
            foreach (var (bucket, codes) in Sets(buckets))
            {
                set.Parameters[0].Value = bucket;
                set.Parameters[1].Value = MemoryMarshal.AsBytes(codes.AsSpan()).ToArray();
                set.Parameters[2].Value = codes.Length;
                set.ExecuteNonQuery();
                var size = Math.Min(codes.Length,
                    codes.Length - (int)Math.Ceiling(_settings.Similarity * codes.Length) + 1);
                prefix.Parameters[2].Value = bucket;
                foreach (var code in Rarest(codes, frequency, size))
                {
                    prefix.Parameters[1].Value = code;
                    prefix.ExecuteNonQuery();
                }
            }
        }

        transaction.Commit();
    }

    /// <summary>The <paramref name="count"/> rarest of <paramref name="codes"/> (ties by code): a prefix is a tenth of
    /// its set, so picked one by one rather than by sorting the set.</summary>
    private static long[] Rarest(long[] codes, Dictionary<long, int> frequency, int count)
    {
        var counts = new int[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            counts[i] = frequency[codes[i]];
        }

        var taken = new bool[codes.Length];
        var rarest = new long[count];
        for (var n = 0; n < count; n++)
        {
            var best = -1;
            for (var i = 0; i < codes.Length; i++)
            {
                // codes are ascending, so the first of equally rare ones is the smallest code
                if (!taken[i] && (best < 0 || counts[i] < counts[best]))
                {
                    best = i;
                }
            }

            taken[best] = true;
            rarest[n] = codes[best];
        }

        return rarest;
    }

    /// <summary>The trigram sets of the buckets <paramref name="buckets"/> selects (id, text).</summary>
    private static IEnumerable<(long Bucket, long[] Codes)> Sets(SqliteCommand buckets)
    {
        using var reader = buckets.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetInt64(0), TrigramSets.Of(ScratchDatabase.FromUtf16((byte[])reader.GetValue(1))));
        }
    }

    /// <summary>Jaccard of two trigram sets stored by <see cref="LoadPrefixes"/>, as <see cref="TrigramSets.Jaccard"/>
    /// computes it.</summary>
    private static double Jaccard(byte[] a, byte[] b)
    {
        var x = MemoryMarshal.Cast<byte, long>(a);
        var y = MemoryMarshal.Cast<byte, long>(b);
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        var common = 0;
        for (int i = 0, k = 0; i < x.Length && k < y.Length;)
        {
            var order = x[i].CompareTo(y[k]);
            common += order == 0 ? 1 : 0;
            i += order <= 0 ? 1 : 0;
            k += order >= 0 ? 1 : 0;
        }

        return TrigramSets.Ratio(common, x.Length, y.Length);
    }
}
