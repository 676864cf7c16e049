using System.Text;

namespace PerfEvalAnalytics.Domain;

/// <summary>
/// Unicode NFKC (compatibility) folding, as <see cref="string.Normalize(NormalizationForm)"/> with
/// <see cref="NormalizationForm.FormKC"/> returns it, without a call into ICU for the text forms are made of.
/// </summary>
/// <remarks>
/// Text made only of ASCII, CJK unified ideographs (U+4E00–U+9FFF), the CJK punctuation 、。《》「」『』【】, the signs
/// ≥ ≤ — ‘ ’ “ ” · × ± ‰, the ideographic space and full-width ASCII (U+FF01–U+FF5E) is folded here: none of these
/// characters composes with another, the first groups have no decomposition, and the last two map to the space and
/// to ASCII. Any other
/// character sends the whole text through ICU. ICU's normalisation was about half of all parsing time.
/// </remarks>
public static class Nfkc
{
    /// <summary>The text in NFKC; the same instance when folding changes nothing. What the normalisation refuses (half
    /// of a surrogate pair, e.g. a cell cut inside a character, and the non-character U+FFFE) becomes
    /// U+FFFD, as a decoder makes it, instead of failing.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mapped = false;
        foreach (var c in text)
        {
            if (IsStable(c))
            {
                continue;
            }

            if (c is '\u3000' or (>= '\uFF01' and <= '\uFF5E'))
            {
                mapped = true;
                continue;
            }

            return Valid(text).Normalize(NormalizationForm.FormKC);
        }

        return mapped ? string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    '\u3000' => ' ',
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    _ => c,
                };
            }
        }) : text;
    }

    /// <summary>The text with U+FFFD for every surrogate that is not part of a pair (which UTF-8 cannot encode: a
    /// database would store it replaced or refuse it) and every U+FFFE (which the normalisation refuses); the same
    /// instance when there is none.</summary>
    public static string Valid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[]? valid = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c == '\uFFFE')
            {
                valid ??= text.ToCharArray();
                valid[i] = '\uFFFD';
            }
        }

        return valid is null ? text : new string(valid);
    }

    private static bool IsStable(char c) =>
        c < '\u0080' || c is (>= '\u4E00' and <= '\u9FFF') or '\u3001' or '\u3002' or (>= '\u300A' and <= '\u3011')
            or '≥' or '≤' or '—' or '‘' or '’' or '“' or '”' or '·' or '×' or '±' or '‰';
}
