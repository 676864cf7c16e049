namespace PerfEvalAnalytics.Generator.Tests;

public sealed class LabelEvaluatorTests
{
    private static readonly AnomalyLabel RowLabel = new("a.txt", "示例区甲局", 2023, 20, "C2");
    private static readonly AnomalyLabel FormLabel = new("b.txt", "示例区乙局", 2023, null, "S4");

    [Fact]
    public void Evaluate_LineLabel_MatchesOnlyTheSameLine()
    {
        var evaluation = LabelEvaluator.Evaluate([RowLabel],
            [new("a.txt", "示例区甲局", 2023, 20, "C2"), new("a.txt", "示例区甲局", 2023, 21, "C2")]);

        var c2 = Assert.Single(evaluation.Rules);
        Assert.Equal((1, 1, 2, 1), (c2.Labels, c2.Found, c2.Findings, c2.TruePositives));
        Assert.Equal(0.5, c2.Precision);
        Assert.Equal(1.0, c2.Recall);
        Assert.Equal(2 * 0.5 / 1.5, c2.F1!.Value, 9);
    }

    [Fact]
    public void Evaluate_FormLabel_MatchesAnyLineOfTheFile_ButNotOtherRulesOrFiles()
    {
        var evaluation = LabelEvaluator.Evaluate([FormLabel],
            [new("b.txt", "示例区乙局", 2023, 40, "S4"), new("b.txt", "示例区乙局", 2023, 40, "S3"),
                new("c.txt", "示例区乙局", 2023, 40, "S4")]);

        var s4 = evaluation.Rules.Single(r => r.Rule == "S4");
        Assert.Equal((1, 2, 1), (s4.Found, s4.Findings, s4.TruePositives));
        Assert.Null(evaluation.Rules.Single(r => r.Rule == "S3").Recall);
        Assert.Equal(1.0 / 3, evaluation.Overall.Precision!.Value, 9);
        Assert.Equal(1.0, evaluation.Overall.Recall);
    }

    [Fact]
    public void Evaluate_OutlierRule_IsRightOnAnyAnomalousFormAndWrongOnACleanOne()
    {
        var evaluation = LabelEvaluator.Evaluate([FormLabel],
            [new("b.txt", "示例区乙局", 2023, null, "ML1"), new("clean.txt", "示例区丙局", 2023, null, "ML1")]);

        var ml1 = evaluation.Rules.Single(r => r.Rule == "ML1");
        Assert.Equal((2, 1), (ml1.Findings, ml1.TruePositives));
        Assert.Null(ml1.Recall);
        Assert.Equal(0, evaluation.Overall.Found);
    }

    [Fact]
    public void ToTable_ListsRulesInCatalogOrderThenOverall()
    {
        var evaluation = LabelEvaluator.Evaluate(
            [new("x", "u", 2023, null, "Q1"), new("x", "u", 2023, null, "S10"), new("x", "u", 2023, null, "S2")], []);

        var rows = evaluation.ToTable().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(' ')[0]).ToList();

        Assert.Equal(["S2", "S10", "Q1", "overall"], rows);
    }

    [Fact]
    public void Labels_WriteAndRead_RoundTripAsJsonLines()
    {
        var path = Path.Combine(Path.GetTempPath(), $"labels-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.jsonl");
        File.WriteAllText(path, RowLabel.ToJson() + "\n\n" + FormLabel.ToJson() + "\n");
        try
        {
            Assert.Equal("{\"file\":\"a.txt\",\"unit\":\"示例区甲局\",\"year\":2023,\"line\":20,\"rule\":\"C2\"}", RowLabel.ToJson());
            Assert.Equal([RowLabel, FormLabel], AnomalyLabel.ReadAll(path));
            File.AppendAllText(path, "{not json\n");
            var error = Assert.Throws<FormatException>(() => AnomalyLabel.ReadAll(path));
            Assert.Contains(":4:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
