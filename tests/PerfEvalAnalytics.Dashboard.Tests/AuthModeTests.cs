using Microsoft.Extensions.Configuration;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>Which sign-in mode a configuration gets, and the configurations the dashboard refuses to start with.</summary>
public sealed class AuthModeTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build();

    [Fact]
    public void Mode_Unset_IsSingleUserOnSqliteAndAccountsOnPostgres()
    {
        Assert.Equal(AuthMode.SingleUser, AuthSetup.ResolveMode(Config(("Urls", "http://localhost:5000"))));
        Assert.Equal(AuthMode.Accounts, AuthSetup.ResolveMode(Config(("Database:Provider", "PostgreSQL"))));
        Assert.Equal(AuthMode.Accounts, AuthSetup.ResolveMode(Config(("Auth:Mode", "accounts"))));
    }

    [Fact]
    public void SingleUser_OnPostgres_IsRefusedWithOneLineSayingWhatToDo()
    {
        var ex = Assert.Throws<StartupRefusedException>(() =>
            AuthSetup.ResolveMode(Config(("Auth:Mode", "SingleUser"), ("Database:Provider", "postgresql"))));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("refused on PostgreSQL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Auth__Mode=Accounts", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Foo", null, "Database:Provider: 'Foo' is not a database provider")]
    [InlineData("PostgreSQL", null, "Database:ConnectionString is not set")]
    [InlineData("PostgreSQL", "Host=127.0.0.1;Nonsense=1;Password=secret", "Database:ConnectionString: connection string not understood")]
    public void Database_BadProviderOrConnection_IsRefusedWithOneLineNamingTheKey(string provider, string? connection,
        string expected)
    {
        var values = new List<(string, string)> { ("Database:Provider", provider) };
        if (connection is not null)
        {
            values.Add(("Database:ConnectionString", connection));
        }

        var ex = Assert.Throws<StartupRefusedException>(() => DashboardDatabase.FromConfiguration(Config([.. values])));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_SqliteOrUnset_OpensTheFileStore()
    {
        Assert.Equal(DatabaseProvider.Sqlite, DashboardDatabase.FromConfiguration(Config(("Database:Path", "x.db"))).Provider);
        Assert.Equal(DatabaseProvider.Sqlite,
            DashboardDatabase.FromConfiguration(Config(("Database:Provider", "sqlite"), ("Database:Path", "x.db"))).Provider);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://+:80")]
    [InlineData("http://localhost:5000;http://192.168.1.20:5000")]
    [InlineData("https://perfeval.example.gov.cn")]
    public void SingleUser_OnANonLoopbackAddress_IsRefused(string urls)
    {
        var ex = Assert.Throws<StartupRefusedException>(() => AuthSetup.ResolveMode(Config(("Urls", urls))));

        Assert.Contains("listens on loopback only", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://LOCALHOST", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://localhost.example.com:5000", false)]
    public void IsLoopbackUrl_Examples(string url, bool expected) =>
        Assert.Equal(expected, AuthSetup.IsLoopbackUrl(url));

    [Fact]
    public void Mode_Unknown_IsRefusedNamingTheChoices()
    {
        var ex = Assert.Throws<StartupRefusedException>(() => AuthSetup.ResolveMode(Config(("Auth:Mode", "Open"))));

        Assert.Equal("Auth:Mode 'Open' is not a mode (expected SingleUser or Accounts)", ex.Message);
    }
}
