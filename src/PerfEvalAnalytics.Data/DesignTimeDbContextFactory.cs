using Microsoft.EntityFrameworkCore.Design;

namespace PerfEvalAnalytics.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a startup project.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PerfEvalDbContext>
{
    public PerfEvalDbContext CreateDbContext(string[] args) =>
        new(PerfEvalDb.SqliteOptions(Path.Combine(Path.GetTempPath(), "perfeval-design.db")));
}
