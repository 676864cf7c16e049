using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace PerfEvalAnalytics.Charts;

/// <summary>What every recipe shares: the CJK font, the palette, SVG output.</summary>
public static partial class ChartStyle
{
    /// <summary>
    /// Named explicitly: ScottPlot's automatic font detection returns an empty name with this Skia build, and a
    /// font without CJK glyphs draws Chinese labels as boxes (fonts-wqy-microhei; see STACK.md).
    /// </summary>
    public const string FontName = "WenQuanYi Micro Hei";

    public static Color Primary { get; } = Color.FromHex("#1565c0");

    public static Color Accent { get; } = Color.FromHex("#c62828");

    public static Color Muted { get; } = Color.FromHex("#90a4ae");

    /// <summary>A new plot with the font and title set.</summary>
    public static Plot NewPlot(string title, string? xLabel = null, string? yLabel = null)
    {
        var plot = new Plot();
        plot.Title(title);
        if (xLabel is not null)
        {
            plot.XLabel(xLabel);
        }

        if (yLabel is not null)
        {
            plot.YLabel(yLabel);
        }

        return plot;
    }

    private static long _documents;

    /// <summary>
    /// The plot as an inline <c>&lt;svg&gt;</c> element (no XML declaration), every text element in
    /// <see cref="FontName"/>, its clip-path and image ids made unique so that several charts can share one page.
    /// </summary>
    public static string ToSvg(Plot plot, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        // Set last, so labels and ticks added by a recipe take the font too.
        plot.Font.Set(FontName);
        var svg = plot.GetSvgXml(width, height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start > 0 ? svg[start..] : svg;
        var prefix = "c" + Interlocked.Increment(ref _documents).ToString(CultureInfo.InvariantCulture) + "_";
        svg = SkiaIds().Replace(svg, m => m.Groups[1].Value + prefix + m.Groups[2].Value);
        // A heat map is a small bitmap stretched over the plot: the browser must not blur its cells into each other.
        return svg.Replace("<image ", "<image style=\"image-rendering:pixelated\" ", StringComparison.Ordinal);
    }

    /// <summary>
    /// The plot as PNG bytes, every text in <see cref="FontName"/>: a raster image shows the Chinese labels the same on
    /// any reader's machine, with or without a CJK font there (notebooks committed with their outputs).
    /// </summary>
    public static byte[] ToPng(Plot plot, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        plot.Font.Set(FontName);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    [GeneratedRegex("""(id="|#)((?:cl|img)_)""")]
    private static partial Regex SkiaIds();
}
