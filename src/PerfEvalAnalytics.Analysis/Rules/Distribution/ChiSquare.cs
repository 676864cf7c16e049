namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// The χ² distribution's survival function P(χ²_df ≥ x), through the regularised upper incomplete gamma function
/// Q(df/2, x/2). Written here so the rules need no statistics package: series for x &lt; a + 1, Lentz continued
/// fraction otherwise (Numerical Recipes §6.2), ln Γ by the Lanczos approximation (g = 7, 9 terms).
/// </summary>
internal static class ChiSquare
{
    private const int MaxIterations = 500;

    /// <summary>Relative accuracy at which the series and the continued fraction stop.</summary>
    private const double Epsilon = 1e-15;

    /// <summary>Guard against division by zero in the modified Lentz algorithm.</summary>
    private const double Tiny = 1e-300;

    private const double LanczosG = 7;

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>P(χ² with <paramref name="degreesOfFreedom"/> ≥ <paramref name="statistic"/>).</summary>
    public static double SurvivalFunction(double statistic, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return statistic <= 0 ? 1 : RegularizedGammaQ(degreesOfFreedom / 2.0, statistic / 2);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a) for a &gt; 0, x ≥ 0.</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 1;
        }

        return x < a + 1 ? 1 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    /// <summary>ln Γ(z) for z &gt; 0 (Lanczos; about 15 significant digits).</summary>
    public static double LogGamma(double z)
    {
        if (z < 0.5)
        {
            // Reflection: Γ(z) Γ(1 − z) = π / sin(πz).
            return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1 - z);
        }

        z -= 1;
        var sum = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (z + i);
        }

        var t = z + LanczosG + 0.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((z + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>P(a, x) by its power series.</summary>
    private static double LowerSeries(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n <= MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return sum * Math.Exp((a * Math.Log(x)) - x - LogGamma(a));
    }

    /// <summary>Q(a, x) by its continued fraction (modified Lentz).</summary>
    private static double UpperContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i <= MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Math.Exp((a * Math.Log(x)) - x - LogGamma(a)) * h;
    }
}
