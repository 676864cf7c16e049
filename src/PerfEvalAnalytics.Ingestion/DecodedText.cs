namespace PerfEvalAnalytics.Ingestion;

/// <summary>A file's text and the encoding it was decoded with.</summary>
/// <param name="Text">The decoded text, BOM removed.</param>
/// <param name="EncodingName">Web name of the encoding: utf-8, gb18030, utf-16 or utf-16BE.</param>
public sealed record DecodedText(string Text, string EncodingName);
