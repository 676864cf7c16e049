using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>E4's comparison across units for a part of its spill too large for memory.</summary>
public sealed partial class CopiedExplanation
{
    /// <summary>What a part compared out of memory counts against the budget of parts compared at once: SQLite's page
    /// cache, as much again for its sorter, and the similarity join of its largest group (which grows with that
    /// group's distinct explanations); counted as the whole default budget, so such a part is compared alone.</summary>
    private const long OutOfMemoryBytes = 32L << 20;

    /// <summary>Matches of a part compared out of memory handed on at a time.</summary>
    private const int OutOfMemoryChunk = 4_096;

    private int _outOfMemory;

    /// <summary>
    /// Bytes on disk of a part of the cross-unit spill beyond which it is compared out of memory
    /// (<see cref="MatchOtherUnitsOutOfMemory"/>) instead of read whole. Parts are at most
    /// <see cref="MaxPartBytes"/> unless one (year, indicator) group is larger, so this is about the largest groups
    /// (a row takes a few hundred bytes on disk, several times that in memory while it is compared). Tests set it
    /// low.
    /// </summary>
    internal long InMemoryPartBytes { get; init; } = 16L << 20;

    /// <summary>Parts compared out of memory so far (tests check that the path was taken).</summary>
    internal int PartsOutOfMemory => Volatile.Read(ref _outOfMemory);

    private bool OutOfMemory(SpillPart<PeerRow> part) => part.Bytes > InMemoryPartBytes;

    /// <summary>
    /// The rows of a part that match rows of other units in their (year, indicator) group, with what they match,
    /// as <see cref="MatchOtherUnits"/> finds them, without holding the rows: the rows, the buckets of identical
    /// explanations, their trigram sets, the links and the units across them are tables of a
    /// <see cref="ScratchDatabase"/>. <paramref name="rows"/> is read twice: into the file, then to pair each matched
    /// row with its result (both in the order of the rows' ordinals).
    /// </summary>
    /// <remarks>
    /// The links are the pairs of buckets whose trigram sets reach the threshold (<see cref="LoadLinks"/>: the same
    /// join as in memory, one group at a time, over trigram sets read from the file) plus each bucket with itself. A
    /// row matches when a linked bucket holds a unit other than its own; its result is what
    /// <see cref="Summarize"/> makes of the same links. The join itself is done in SQL for no group: candidate pairs
    /// of templated explanations grow with the square of a group, which the join's filters prune cheaply in memory
    /// and a SQL join would have to sort (tried: 12 times the in-memory time at 100,000 forms).
    /// </remarks>
    private IEnumerable<(PeerRow Row, CrossUnits Units)> MatchOtherUnitsOutOfMemory(Func<IEnumerable<PeerRow>> rows,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _outOfMemory);
        using var db = ScratchDatabase.Create("perfeval-e4");
        LoadRows(db, rows(), cancellationToken);
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
        LoadLinks(db, cancellationToken);
        db.Execute("""
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
            """);

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

            // Rows come in ordinal order (the spill keeps the order they were added in, which is theirs), as the
            // hits do.
            if (reader.GetInt64(0) != row.Ordinal)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();

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
            (double Similarity, int Line) found;
            using (var best = top.ExecuteReader())
            {
                found = best.Read()
                    ? (best.GetDouble(0), best.GetInt32(1))
                    : throw new InvalidOperationException($"E4: row {row.Ordinal} has other units but no link to them");
            }

            var units = new CrossUnits(reader.GetInt32(3), names, found.Line, found.Similarity);
            more = reader.Read();
            yield return (row, units);
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
    private static void LoadRows(ScratchDatabase db, IEnumerable<PeerRow> rows, CancellationToken cancellationToken)
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
            cancellationToken.ThrowIfCancellationRequested();
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
    /// Writes the pairs of buckets of each (year, indicator) group whose trigram sets reach the threshold, found by
    /// <see cref="SimilarityJoin"/> as <see cref="OtherUnits"/> finds them (the same pairs). Each bucket's set is
    /// written to the file first and read back when the join asks for it, so what is held is the join's own state
    /// for one group: its distinct trigrams, each distinct explanation's trigram ranks (4 bytes a trigram) and the
    /// prefix postings; not the group's rows, nor their texts.
    /// </summary>
    private void LoadLinks(ScratchDatabase db, CancellationToken cancellationToken)
    {
        db.Execute("""
            CREATE TABLE bset(bucket INTEGER PRIMARY KEY, codes BLOB NOT NULL);
            CREATE TABLE near(a INTEGER NOT NULL, b INTEGER NOT NULL, j REAL NOT NULL);
            """);
        using var transaction = db.Connection.BeginTransaction();
        using var groups = db.Command("SELECT id FROM grp ORDER BY id");
        groups.Transaction = transaction;
        using var buckets = db.Command("SELECT id, text FROM bucket WHERE grp = $grp ORDER BY id", ("$grp", 0L));
        buckets.Transaction = transaction;
        using var set = db.Command("INSERT INTO bset VALUES ($bucket, $codes)", ("$bucket", 0L),
            ("$codes", Array.Empty<byte>()));
        set.Transaction = transaction;
        set.Prepare();
        using var codes = db.Command("SELECT codes FROM bset WHERE bucket = $bucket", ("$bucket", 0L));
        codes.Transaction = transaction;
        codes.Prepare();
        using var near = db.Command("INSERT INTO near VALUES ($a, $b, $j)", ("$a", 0L), ("$b", 0L), ("$j", 0.0));
        near.Transaction = transaction;
        near.Prepare();
        var ids = new List<long>();
        using (var reader = groups.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var members = new List<long>();
        foreach (var group in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            members.Clear();
            buckets.Parameters[0].Value = group;
            using (var reader = buckets.ExecuteReader())
            {
                while (reader.Read())
                {
                    var bucket = reader.GetInt64(0);
                    members.Add(bucket);
                    set.Parameters[0].Value = bucket;
                    set.Parameters[1].Value = MemoryMarshal.AsBytes(
                        TrigramSets.Of(ScratchDatabase.FromUtf16((byte[])reader.GetValue(1))).AsSpan()).ToArray();
                    set.ExecuteNonQuery();
                }
            }

            if (members.Count < 2)
            {
                continue;
            }

            foreach (var (i, k, j) in SimilarityJoin.Pairs(members.Count, m => SetOf(codes, members[m]),
                         _settings.Similarity))
            {
                near.Parameters[0].Value = members[i];
                near.Parameters[1].Value = members[k];
                near.Parameters[2].Value = j;
                near.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>The trigram set of <paramref name="bucket"/> written by <see cref="LoadLinks"/>.</summary>
    private static long[] SetOf(SqliteCommand codes, long bucket)
    {
        codes.Parameters[0].Value = bucket;
        using var reader = codes.ExecuteReader();
        return reader.Read()
            ? MemoryMarshal.Cast<byte, long>((byte[])reader.GetValue(0)).ToArray()
            : throw new InvalidOperationException($"E4: no trigram set for bucket {bucket}");
    }
}
