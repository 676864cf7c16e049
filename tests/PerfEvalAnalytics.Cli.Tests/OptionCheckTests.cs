using PerfEvalAnalytics.Cli.Commands;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Cli.Tests;

/// <summary>Options that name a file or a provider: a typo is an error, never a silent fallback.</summary>
public sealed class OptionCheckTests : CliTestBase
{
    [Theory]
    [InlineData("analyze")]
    [InlineData("check")]
    public async Task Rules_AMissingFileGiven_IsAnErrorNamingIt_AndNothingRuns(string command)
    {
        var missing = Path.Combine(Folder, "rulse.json");
        string[] args = command == "check"
            ? ["check", TestData.ReferencePath, "--rules", missing]
            : ["analyze", "--db", Db, "--rules", missing];

        var (code, stdout, stderr) = await RunAsync(args);

        Assert.Equal(PerfEvalCli.UsageError, code);
        Assert.Contains($"--rules {missing}: no such file", stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d+ findings", stdout);
        Assert.False(File.Exists(Db), "nothing may be written when an option is wrong");
    }

    [Fact]
    public async Task Rules_Default_MayBeMissing_ThenTheBuiltInDefaultsApply()
    {
        // The tests run where data/settings/rules.json is absent from the working folder unless copied; either way
        // the default never fails.
        var (code, stdout, stderr) = await RunAsync("check", TestData.ReferencePath);

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.Contains("findings", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Sqlite")]
    [InlineData("sqlite")]
    [InlineData("PostgreSQL")]
    [InlineData(" postgresql ")]
    public void Provider_KnownOrUnset_IsAccepted(string? provider) =>
        Assert.Null(DatabaseOption.ProviderError(provider));

    [Theory]
    [InlineData("postgres")]
    [InlineData("pg")]
    [InlineData("SqlServer")]
    public void Provider_Unknown_IsRefusedNamingTheVariableAndTheChoices(string provider)
    {
        var error = DatabaseOption.ProviderError(provider);

        Assert.Equal($"Database__Provider: '{provider}' is not a database provider (expected Sqlite or PostgreSQL)", error);
    }
}
