using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>What the cross-unit rules keep of every form of a run: one compact header per form, naming the same form
/// as the form itself.</summary>
public sealed class FormSummaryTests
{
    [Fact]
    public void Header_KeepsIdentityTotalAndFile_SharedPerForm_AndNamesTheSameForm()
    {
        var form = FormReader.Read(TestData.ReferencePath);
        var project = form with { Kind = FormKind.Project, ProjectName = "示例项目", TotalScore = null };

        var header = FormSummary.Header(form);

        Assert.Same(header, FormSummary.Header(form)); // every rule's summary of a form shares one header
        Assert.NotSame(header, FormSummary.Header(project));
        Assert.Equal((form.UnitName, form.Year, form.Kind, form.ProjectName, form.TotalScore, form.TotalLine, form.Source.FileName),
            (header.UnitName, header.Year, header.Kind, header.ProjectName, header.TotalScore, header.TotalLine, header.FileName));
        Assert.Equal(99.99m, header.TotalScore);
        Assert.Equal(78, header.TotalLine);
        Assert.Equal(FormRef.Of(form), FormRef.Of(header));
        Assert.Equal(FormRef.Of(project), FormRef.Of(FormSummary.Header(project)));
        Assert.Null(FormSummary.Header(project).TotalScore);
        Assert.Equal("示例项目", FormRef.Of(FormSummary.Header(project)).Project);
    }
}
