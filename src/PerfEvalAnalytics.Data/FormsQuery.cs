using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>One line of the stored-forms listing.</summary>
public sealed record FormListItem(
    long Id, string Unit, int Year, FormKind Kind, string? Project, int IndicatorCount, decimal? TotalPoints,
    decimal? TotalScore, string FileName, string Encoding);

/// <summary>Read-side queries over stored forms.</summary>
public sealed class FormsQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    /// <summary>Streams stored forms ordered by unit, year, kind and project, without tracking.</summary>
    public async IAsyncEnumerable<FormListItem> ListAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.Forms.AsNoTracking()
            .OrderBy(f => f.Unit!.NormalizedName).ThenBy(f => f.Year).ThenBy(f => f.Kind).ThenBy(f => f.ProjectName)
            .Select(f => new FormListItem(f.Id, f.Unit!.Name, f.Year, f.Kind,
                f.ProjectName == "" ? null : f.ProjectName, f.IndicatorCount, f.TotalPoints, f.TotalScore,
                f.FileName, f.Encoding));
        await foreach (var item in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }
}
