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

    [Fact]
    public void UseFileNames_MakesTheHeaderOfTheForm_WithItsFileNameReadFromTheSpill()
    {
        using var folder = new TempFolder("header-names-");
        using var names = new TextSpill(folder.Path, tailTexts: 1);
        var form = FormReader.Read(TestData.ReferencePath);
        var other = form with { Year = 2023, Source = form.Source with { FileName = "2023_虹桥镇\uD83D.txt" } };

        FormSummary.UseFileNames(form, names);
        FormSummary.UseFileNames(other, names);
        var header = FormSummary.Header(form);

        Assert.Same(header, FormSummary.Header(form)); // the rules share the header the run made
        Assert.Equal(2, names.Count);
        Assert.True(names.SpilledBytes > 0); // the names are on disk, not in the header
        Assert.Equal(form.Source.FileName, header.FileName);
        Assert.Equal("2023_虹桥镇\uD83D.txt", FormSummary.Header(other).FileName);
        Assert.Equal(FormRef.Of(form), FormRef.Of(header));
        Assert.Equal(FormRef.Of(other), FormRef.Of(FormSummary.Header(other)));

        // Once forgotten, a form that lives on gets a header of its own again, not one reading the run's spill.
        FormSummary.Forget(form);
        names.Dispose();
        Assert.NotSame(header, FormSummary.Header(form));
        Assert.Equal(form.Source.FileName, FormSummary.Header(form).FileName);
        Assert.Throws<ObjectDisposedException>(() => header.FileName);
    }

    [Fact]
    public void Header_WrittenAndRead_ComesBackTheSame_WithScoreScaleAndMissingValues()
    {
        var form = FormReader.Read(TestData.ReferencePath);
        var headers = new[]
        {
            FormSummary.Header(form),
            new FormHeader("乙单位\uD83D", 2023, FormKind.Project, "项目甲", "b.xlsx", 90.50m, 40),
            new FormHeader("丙单位", 2022, FormKind.DepartmentOverall, null, "c.txt", null, 0),
        };
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var h in headers)
            {
                FormHeader.Write(writer, h);
            }
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var pool = new StringPool();
        var read = headers.Select(_ => FormHeader.Read(reader, pool)).ToList();

        static string Show(FormHeader h) => string.Join('|', h.UnitName, h.Year, h.Kind, h.ProjectName ?? "∅", h.FileName,
            h.TotalScore?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∅", h.TotalLine);
        Assert.Equal(headers.Select(Show), read.Select(Show));
        Assert.Equal("90.50", read[1].TotalScore!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(stream.Length, stream.Position); // nothing left unread
    }
}
