namespace PerfEvalAnalytics.Analysis;

/// <summary>The rule settings file is not valid: the message names the file, the key and what was expected.</summary>
public sealed class RuleSettingsException : Exception
{
    public RuleSettingsException()
    {
    }

    public RuleSettingsException(string message)
        : base(message)
    {
    }

    public RuleSettingsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
