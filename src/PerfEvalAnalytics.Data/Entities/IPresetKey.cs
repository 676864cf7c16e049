namespace PerfEvalAnalytics.Data.Entities;

/// <summary>
/// An entity whose key the writer sets before writing it: <see cref="FormStore"/> takes keys for a whole batch of
/// units and forms in one query and writes those rows through the bulk writers, which then write the key column too
/// (for other entities they leave it to the database). EF Core's own inserts of these entities still let the
/// database generate the key, from the same sequence on PostgreSQL.
/// </summary>
public interface IPresetKey
{
    long Id { get; }
}
