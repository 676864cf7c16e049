namespace PerfEvalAnalytics.Data.Queries;

/// <summary>One page of a server-side paged list and the total number of matching items.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>One bar of a histogram computed in the database: [Lower, Upper) holding Count values.</summary>
public sealed record ValueBin(double Lower, double Upper, int Count);
