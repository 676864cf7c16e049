using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class ScratchDatabaseTests
{
    /// <summary>Texts whose UTF-8 byte order differs from .NET's ordinal order (U+FF5E sorts after a surrogate pair
    /// ordinally, before it in UTF-8), an empty text, a prefix, and half a surrogate pair.</summary>
    private static readonly string[] Texts =
        ["～", "\uD83D\uDE00", "", "甲", "甲单位", "乙", "a", "Z", "\uD83D", "\uDBFF", "甲\uD800"];

    [Fact]
    public void Utf16Ordinal_BlobsOrderedBySqlite_AreTheTextsInOrdinalOrder()
    {
        using var folder = new TempFolder("scratch-test-");
        using var db = ScratchDatabase.Create("scratch-test", folder.Path);
        db.Execute("CREATE TABLE t(text BLOB NOT NULL, original BLOB NOT NULL)");
        foreach (var text in Texts)
        {
            db.Execute("INSERT INTO t VALUES ($o, $t)", ("$o", ScratchDatabase.Utf16Ordinal(text)),
                ("$t", ScratchDatabase.Utf16(text)));
        }

        var ordered = new List<string>();
        using (var command = db.Command("SELECT original FROM t ORDER BY text"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ordered.Add(ScratchDatabase.FromUtf16((byte[])reader.GetValue(0)));
            }
        }

        // Read back exactly (halves of pairs included), in string.CompareOrdinal's order.
        Assert.Equal(Texts.Order(StringComparer.Ordinal), ordered);
    }

    [Fact]
    public void Utf16_TwoHalvesOfPairs_StayDifferent_WhereSqliteTextWouldMakeThemEqual()
    {
        using var folder = new TempFolder("scratch-test-");
        using var db = ScratchDatabase.Create("scratch-test", folder.Path);
        using var command = db.Command("SELECT $a = $b, CAST($c AS TEXT) = CAST($d AS TEXT)",
            ("$a", ScratchDatabase.Utf16("甲\uD800")), ("$b", ScratchDatabase.Utf16("甲\uDBFF")),
            ("$c", "甲\uD800"), ("$d", "甲\uDBFF"));
        using var reader = command.ExecuteReader();

        Assert.True(reader.Read());
        Assert.Equal(0L, reader.GetInt64(0));
        Assert.Equal(1L, reader.GetInt64(1)); // as SQLite text both halves become U+FFFD
    }

    [Fact]
    public void Dispose_DeletesTheFile()
    {
        using var folder = new TempFolder("scratch-test-");
        var db = ScratchDatabase.Create("scratch-test", folder.Path);
        db.Execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1);");

        Assert.Single(Directory.GetFiles(folder.Path));
        db.Dispose();
        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
