using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Notebooks.Tests;

/// <summary>
/// Every notebook in notebooks/ executes headless (Debian's jupyter nbconvert, the kernelspec in notebooks/kernels,
/// dotnet-interactive from the local tool manifest) without a failing cell, and is committed with its outputs.
/// Part of <c>dotnet test</c>, so a failing cell fails the README's test command and CI's count.
/// </summary>
/// <remarks>
/// The notebooks reference artifacts/notebooks/lib, which building this test project fills (it references
/// PerfEvalAnalytics.Notebooks, whose output goes there); hence <c>--no-build</c>.
/// </remarks>
public sealed class NotebookExecutionTests(ITestOutputHelper testOutput)
{
    private static string NotebookFolder => Path.Combine(TestData.RepoRoot, "notebooks");

    private static string[] NotebookNames() => [.. Directory.GetFiles(NotebookFolder, "*.ipynb")
        .Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Notebooks => new(NotebookNames());

    [Fact]
    public void Notebooks_TheThreeOfTheIssueArePresent() =>
        Assert.Equal(["01-one-form-explained.ipynb", "02-units-across-years.ipynb", "03-how-good-are-the-rules.ipynb"],
            NotebookNames());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_ExecutedHeadless_NoCellFailsAndEveryChartIsDrawn(string name)
    {
        var output = Directory.CreateTempSubdirectory("perfeval-notebook-run-").FullName;
        try
        {
            var (exit, log) = Run("bash", "scripts/run-notebooks.sh", "--no-build", "--out", output,
                Path.Combine("notebooks", name));

            testOutput.WriteLine(log);
            Assert.True(exit == 0, $"{name} did not execute (exit {exit}):\n{log}");
            var committed = Cells(Path.Combine(NotebookFolder, name));
            var executed = Cells(Path.Combine(output, name));
            Assert.Equal(committed.Count, executed.Count);
            Assert.All(executed.Where(c => c.IsCode), c => Assert.DoesNotContain("error", c.OutputTypes));
            // A chart that silently stopped rendering would leave its cell without an image.
            Assert.Equal(committed.Select(c => c.Images), executed.Select(c => c.Images));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_Committed_WithItsOutputsAndTheRepositoryKernel(string name)
    {
        var path = Path.Combine(NotebookFolder, name);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = Cells(path);

        Assert.Equal("perfeval-csharp",
            document.RootElement.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.All(cells.Where(c => c.IsCode), c =>
        {
            Assert.True(c.Executed, $"{name}: a code cell was never executed:\n{c.Source}");
            Assert.DoesNotContain("error", c.OutputTypes);
        });
        Assert.True(cells.Sum(c => c.Images) >= 1, $"{name}: no chart saved");
        Assert.DoesNotContain("dotnet-interactive-this-cell", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Kernelspec_StartsDotnetInteractiveOnLocalInterfacesOnly()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(NotebookFolder, "kernels", "perfeval-csharp", "kernel.json")));
        var argv = spec.RootElement.GetProperty("argv").EnumerateArray().Select(a => a.GetString()).ToList();

        Assert.Equal(["dotnet", "tool", "run", "dotnet-interactive", "--", "jupyter"], argv.Take(6));
        Assert.Contains("--http-local-only", argv);
        Assert.Equal("{connection_file}", argv[^1]);
    }

    private sealed record Cell(bool IsCode, bool Executed, IReadOnlyList<string> OutputTypes, int Images, string Source);

    private static List<Cell> Cells(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("cells").EnumerateArray().Select(c =>
        {
            var isCode = c.GetProperty("cell_type").GetString() == "code";
            var outputs = isCode ? c.GetProperty("outputs").EnumerateArray().ToList() : [];
            return new Cell(isCode,
                isCode && c.GetProperty("execution_count").ValueKind == JsonValueKind.Number,
                [.. outputs.Select(o => o.GetProperty("output_type").GetString()!)],
                outputs.Count(o => o.TryGetProperty("data", out var d) && d.TryGetProperty("image/png", out _)),
                Text(c.GetProperty("source")));
        })];
    }

    private static string Text(JsonElement source) => source.ValueKind == JsonValueKind.Array
        ? string.Concat(source.EnumerateArray().Select(s => s.GetString()))
        : source.GetString() ?? string.Empty;

    private static (int Exit, string Log) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = TestData.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung kernel, not a speed check: nbconvert's own cell timeout is 600 s.
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 15 minutes\n" + stderr.Result);
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
