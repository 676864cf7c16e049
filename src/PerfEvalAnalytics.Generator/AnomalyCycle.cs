namespace PerfEvalAnalytics.Generator;

/// <summary>
/// Hands out anomaly kinds round-robin (in a seeded shuffled order), so that even a small corpus covers every kind.
/// </summary>
internal sealed class AnomalyCycle(Random random)
{
    private readonly List<string> _order = [.. Injector.Kinds.OrderBy(_ => random.Next())];
    private int _next;

    public string? Next(Func<string, bool> applies)
    {
        for (var tried = 0; tried < _order.Count; tried++)
        {
            var kind = _order[_next];
            _next = (_next + 1) % _order.Count;
            if (applies(kind))
            {
                return kind;
            }
        }

        return null;
    }
}
