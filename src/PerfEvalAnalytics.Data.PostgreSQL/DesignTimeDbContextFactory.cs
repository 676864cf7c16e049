using Microsoft.EntityFrameworkCore.Design;

namespace PerfEvalAnalytics.Data.PostgreSQL;

/// <summary>Lets <c>dotnet ef migrations add NAME --project src/PerfEvalAnalytics.Data.PostgreSQL</c> build the
/// model for PostgreSQL without a server (adding a migration does not connect).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PerfEvalDbContext>
{
    public PerfEvalDbContext CreateDbContext(string[] args) =>
        new(PostgresDb.Options("Host=localhost;Database=perfeval_design;Username=perfeval"));
}
