using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Stores a decimal as its invariant text with the scale it was filed with (0.50 stays "0.50", 99 stays "99").
/// </summary>
/// <remarks>
/// The provider's own decimal mapping normalises the scale ("0.5", "99.0"), which loses what the unit wrote: rules
/// such as S5 judge a rate against the precision it was filed with, so a loaded form must equal the parsed one.
/// Text is also exact for 万元 amounts, and every provider has a text type.
/// </remarks>
public sealed class FiledDecimalConverter() : ValueConverter<decimal, string>(
    v => v.ToString(CultureInfo.InvariantCulture),
    s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture));
