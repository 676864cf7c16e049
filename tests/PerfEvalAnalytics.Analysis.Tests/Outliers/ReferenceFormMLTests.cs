using PerfEvalAnalytics.Analysis.Outliers;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Outliers;

public sealed class ReferenceFormMLTests
{
    [Fact]
    public void ML1_ReferenceFormAlone_NoFindingBecauseFewerThanMinForms()
    {
        var form = FormReader.Read(TestData.ReferencePath);
        var rule = new PcaOutlierScorer(new PcaOutlierScorer.Settings());

        Assert.Empty(rule.Evaluate([form], []));
        Assert.Empty(rule.Rank([form], []));
    }

    [Fact]
    public void FormFeatures_ReferenceForm_ExecutionRateFromTheFundingLines()
    {
        var form = FormReader.Read(TestData.ReferencePath);

        var f = FormFeatures.Of(form, [], completionCap: 3);

        // 资金来源: 55,870,696.30 / 56,506,067.93 (财政拨款 + 其他资金 0).
        Assert.Equal(0.98876, f.ExecutionRate!.Value, 5);
        Assert.InRange(f.FullMarksShare!.Value, 0, 1);
    }
}
